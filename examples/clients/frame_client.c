/*
 * Reference client for the avatar engine's frame socket (docs/PROTOCOLS.md, sections 3 and 4).
 * Standard C99 + POSIX sockets only, so a game-engine plug-in can copy it.
 *
 *   frame_client unix:/path/to/socket [max_frames]
 *   frame_client tcp:127.0.0.1:7000   [max_frames]
 *   frame_client shm:/dev/shm/ring    [max_frames]   (shared-memory ring, docs/PROTOCOLS.md section 5)
 *
 * Prints one line per frame:
 *   frame session=<id> seq=<n> pts_ns=<t> size=<w>x<h> format=<RGBA|I420> bytes=<len> fnv1a=<hex>
 * (FNV-1a 32-bit of the payload, so tests can check the pixels), and "end frames=<n>" when the stream ends.
 * Exit status: 0 after max_frames or a clean end of stream, 1 on a usage or connect error, 2 on a malformed stream.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define HEADER_LENGTH 48
#define MAX_PAYLOAD (64u * 1024u * 1024u)

/* Header fields are little-endian: decode byte by byte so this works on any host byte order. */
static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | (p[1] << 8)); }
static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}
static int64_t le64(const unsigned char *p) { return (int64_t)((uint64_t)le32(p) | ((uint64_t)le32(p + 4) << 32)); }

static uint32_t fnv1a(const unsigned char *p, uint32_t n)
{
    uint32_t hash = 2166136261u;
    for (uint32_t i = 0; i < n; i++)
    {
        hash = (hash ^ p[i]) * 16777619u;
    }
    return hash;
}

static void print_frame(const unsigned char *header, const unsigned char *payload)
{
    uint32_t format = le32(header + 40);
    uint32_t length = le32(header + 44);
    /* A plug-in would upload `payload` to a texture here (RGBA: glTexSubImage2D / UpdateTextureRegions). */
    printf("frame session=%lld seq=%lld pts_ns=%lld size=%ux%u format=%s bytes=%u fnv1a=%08x\n",
        (long long)le64(header + 8), (long long)le64(header + 16), (long long)le64(header + 24),
        le32(header + 32), le32(header + 36), format == 1 ? "RGBA" : format == 2 ? "I420" : "UNKNOWN", length,
        fnv1a(payload, length));
    fflush(stdout);
}

/*
 * Shared-memory ring reader: the seqlock protocol of docs/PROTOCOLS.md section 5. The 8-byte counters are read with
 * acquire loads (GCC/Clang atomics on the mapped little-endian int64s; this reader assumes a little-endian host,
 * as the ring's writer does). Each frame is copied out and kept only if the slot's seqlock did not change meanwhile.
 */
static int read_ring(const char *path, long max_frames)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size < 128)
    {
        fprintf(stderr, "cannot open ring %s: %s\n", path, strerror(errno));
        return 1;
    }
    const unsigned char *base = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (base == MAP_FAILED)
    {
        fprintf(stderr, "cannot map ring %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (memcmp(base, "AVSR", 4) != 0 || le16(base + 4) != 1)
    {
        fprintf(stderr, "%s is not an AVSR version 1 ring\n", path);
        return 2;
    }
    uint32_t slots = le32(base + 8);
    uint32_t slot_length = le32(base + 12);
    uint32_t max_payload = le32(base + 16);
    if (slots < 2 || 128 + (uint64_t)slots * slot_length != (uint64_t)st.st_size || max_payload + 64 > slot_length)
    {
        fprintf(stderr, "ring %s has an inconsistent superblock\n", path);
        return 2;
    }
    const int64_t *published = (const int64_t *)(base + 64);
    const volatile int32_t *state = (const volatile int32_t *)(base + 20);
    unsigned char *copy = malloc(48 + max_payload);
    if (copy == NULL)
    {
        return 2;
    }
    /* Take the start position before saying "connected": every frame published after that line is read. */
    int64_t next = __atomic_load_n(published, __ATOMIC_ACQUIRE);
    printf("connected shm:%s slots=%u\n", path, slots);
    fflush(stdout);
    long frames = 0, skipped = 0;
    while (max_frames < 0 || frames < max_frames)
    {
        int64_t p = __atomic_load_n(published, __ATOMIC_ACQUIRE);
        if (next >= p)
        {
            if (*state == 2)
            {
                break; /* writer closed and everything was read */
            }
            sched_yield(); /* a plug-in polls once per rendered frame instead */
            continue;
        }
        if (p - next > (int64_t)slots)
        {
            skipped += (long)(p - slots - next);
            next = p - slots;
        }
        const unsigned char *slot = base + 128 + (size_t)(next % slots) * slot_length;
        const int64_t *seqlock = (const int64_t *)slot;
        int64_t before = __atomic_load_n(seqlock, __ATOMIC_ACQUIRE);
        if (before == 2 * next + 2)
        {
            uint32_t length = le32(slot + 16 + 44);
            if (length <= max_payload)
            {
                memcpy(copy, slot + 16, 48 + (size_t)length);
                __atomic_thread_fence(__ATOMIC_ACQUIRE);
                if (__atomic_load_n(seqlock, __ATOMIC_RELAXED) == before && memcmp(copy, "AVFR", 4) == 0)
                {
                    print_frame(copy, copy + 48);
                    frames++;
                    next++;
                    continue;
                }
            }
        }
        skipped++; /* overwritten before or while we read it */
        next++;
    }
    printf("end frames=%ld skipped=%ld\n", frames, skipped);
    free(copy);
    munmap((void *)base, (size_t)st.st_size);
    return 0;
}

/* Reads exactly n bytes; returns 1 on success, 0 on a clean end of stream before any byte, -1 on error/short read. */
static int read_fully(int fd, unsigned char *buf, size_t n)
{
    size_t got = 0;
    while (got < n)
    {
        ssize_t r = read(fd, buf + got, n - got);
        if (r == 0)
        {
            return got == 0 ? 0 : -1;
        }
        if (r < 0)
        {
            if (errno == EINTR)
            {
                continue;
            }
            return -1;
        }
        got += (size_t)r;
    }
    return 1;
}

static int connect_unix(const char *path)
{
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof addr.sun_path)
    {
        fprintf(stderr, "socket path too long (max %zu bytes): %s\n", sizeof addr.sun_path - 1, path);
        return -1;
    }
    strcpy(addr.sun_path, path);
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0)
    {
        fprintf(stderr, "cannot connect to unix:%s: %s\n", path, strerror(errno));
        if (fd >= 0)
        {
            close(fd);
        }
        return -1;
    }
    return fd;
}

static int connect_tcp(const char *hostport)
{
    char host[256];
    const char *colon = strrchr(hostport, ':');
    if (colon == NULL || (size_t)(colon - hostport) >= sizeof host)
    {
        fprintf(stderr, "expected tcp:HOST:PORT, got tcp:%s\n", hostport);
        return -1;
    }
    memcpy(host, hostport, (size_t)(colon - hostport));
    host[colon - hostport] = '\0';
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(host, colon + 1, &hints, &res);
    if (rc != 0)
    {
        fprintf(stderr, "cannot resolve %s: %s\n", hostport, gai_strerror(rc));
        return -1;
    }
    int fd = -1;
    for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next)
    {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
        {
            break;
        }
        if (fd >= 0)
        {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0)
    {
        fprintf(stderr, "cannot connect to tcp:%s: %s\n", hostport, strerror(errno));
    }
    return fd;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3)
    {
        fprintf(stderr, "usage: %s unix:PATH|tcp:HOST:PORT|shm:FILE [max_frames]\n", argv[0]);
        return 1;
    }
    long max_frames = argc == 3 ? strtol(argv[2], NULL, 10) : -1;
    int fd;
    if (strncmp(argv[1], "shm:", 4) == 0)
    {
        return read_ring(argv[1] + 4, max_frames);
    }
    if (strncmp(argv[1], "unix:", 5) == 0)
    {
        fd = connect_unix(argv[1] + 5);
    }
    else if (strncmp(argv[1], "tcp:", 4) == 0)
    {
        fd = connect_tcp(argv[1] + 4);
    }
    else
    {
        fprintf(stderr, "endpoint must start with unix:, tcp: or shm:, got %s\n", argv[1]);
        return 1;
    }
    if (fd < 0)
    {
        return 1;
    }
    printf("connected %s\n", argv[1]);
    fflush(stdout);

    unsigned char header[HEADER_LENGTH];
    unsigned char *payload = NULL;
    size_t capacity = 0;
    long frames = 0;
    int status = 0;
    while (max_frames < 0 || frames < max_frames)
    {
        int r = read_fully(fd, header, HEADER_LENGTH);
        if (r == 0)
        {
            break;
        }
        if (r < 0)
        {
            fprintf(stderr, "stream cut inside a header after %ld frames\n", frames);
            status = 2;
            break;
        }
        if (memcmp(header, "AVFR", 4) != 0 || le16(header + 4) != 1)
        {
            fprintf(stderr, "bad magic or version after %ld frames\n", frames);
            status = 2;
            break;
        }
        uint16_t header_length = le16(header + 6);
        uint32_t length = le32(header + 44);
        if (header_length < HEADER_LENGTH || length > MAX_PAYLOAD)
        {
            fprintf(stderr, "bad header length %u or payload length %u\n", header_length, length);
            status = 2;
            break;
        }
        /* A newer, longer header: skip the fields this client does not know. */
        for (uint16_t extra = header_length - HEADER_LENGTH; extra > 0; extra--)
        {
            unsigned char skip;
            if (read_fully(fd, &skip, 1) != 1)
            {
                status = 2;
                break;
            }
        }
        if (status != 0)
        {
            fprintf(stderr, "stream cut inside a header extension after %ld frames\n", frames);
            break;
        }
        if (length > capacity)
        {
            unsigned char *grown = realloc(payload, length);
            if (grown == NULL)
            {
                fprintf(stderr, "out of memory for a %u byte frame\n", length);
                status = 2;
                break;
            }
            payload = grown;
            capacity = length;
        }
        if (read_fully(fd, payload, length) != 1 && length > 0)
        {
            fprintf(stderr, "stream cut inside a payload after %ld frames\n", frames);
            status = 2;
            break;
        }
        print_frame(header, payload);
        frames++;
    }
    printf("end frames=%ld\n", frames);
    free(payload);
    close(fd);
    return status;
}
