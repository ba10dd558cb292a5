/*
 * Reference client for the avatar engine's frame socket (docs/PROTOCOLS.md, sections 3 and 4).
 * Standard C99 + POSIX sockets only, so a game-engine plug-in can copy it.
 *
 *   frame_client unix:/path/to/socket [max_frames]
 *   frame_client tcp:127.0.0.1:7000   [max_frames]
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
#include <sys/socket.h>
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
        fprintf(stderr, "usage: %s unix:PATH|tcp:HOST:PORT [max_frames]\n", argv[0]);
        return 1;
    }
    long max_frames = argc == 3 ? strtol(argv[2], NULL, 10) : -1;
    int fd;
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
        fprintf(stderr, "endpoint must start with unix: or tcp:, got %s\n", argv[1]);
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
        int64_t session = le64(header + 8);
        int64_t seq = le64(header + 16);
        int64_t pts = le64(header + 24);
        uint32_t width = le32(header + 32);
        uint32_t height = le32(header + 36);
        uint32_t format = le32(header + 40);
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
        uint32_t hash = 2166136261u;
        for (uint32_t i = 0; i < length; i++)
        {
            hash = (hash ^ payload[i]) * 16777619u;
        }
        /* A plug-in would upload `payload` to a texture here (RGBA: glTexSubImage2D / UpdateTextureRegions). */
        printf("frame session=%lld seq=%lld pts_ns=%lld size=%ux%u format=%s bytes=%u fnv1a=%08x\n",
            (long long)session, (long long)seq, (long long)pts, width, height,
            format == 1 ? "RGBA" : format == 2 ? "I420" : "UNKNOWN", length, hash);
        fflush(stdout);
        frames++;
    }
    printf("end frames=%ld\n", frames);
    free(payload);
    close(fd);
    return status;
}
