package io.avatar.transport.framesocket;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ring is written through one mapping and read through a second, independent mapping of the same file.
 */
class SharedMemoryFrameRingTest
{
    @TempDir
    Path dir;

    @Test
    void shouldExposeDocumentedLayoutToASecondMapping() throws Exception
    {
        final Path file = dir.resolve("ring");
        try (SharedMemoryFrameRing ring = new SharedMemoryFrameRing(file, 4, 8 * 8 * 4, true))
        {
            final UnsafeBuffer pixels = new UnsafeBuffer(new byte[8 * 8 * 4]);
            FrameSocketServerTest.fill(pixels, 42, 8 * 8 * 4);
            ring.publish(9L, 42L, 123_456_789L, 8, 8, FrameHeader.FORMAT_RGBA, pixels, 0);

            // Independent parse of the file with plain little-endian reads (what a C reader does).
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ))
            {
                final MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
                m.order(ByteOrder.LITTLE_ENDIAN);
                assertEquals('A', m.get(0));
                assertEquals('V', m.get(1));
                assertEquals('S', m.get(2));
                assertEquals('R', m.get(3));
                assertEquals(1, m.getShort(4));
                assertEquals(128, m.getShort(6));
                assertEquals(4, m.getInt(8));
                final int slotLength = m.getInt(12);
                assertEquals(0, slotLength % 64);
                assertEquals(64 + 256, slotLength);
                assertEquals(256, m.getInt(16));
                assertEquals(1, m.getInt(20), "writer open");
                assertEquals(ProcessHandle.current().pid(), m.getLong(24));
                assertEquals(1L, m.getLong(64), "published");
                assertEquals(128 + 4L * slotLength, ch.size());
                final int slot = 128; // frame 0 in slot 0
                assertEquals(2L, m.getLong(slot), "seqlock 2k+2 for k = 0");
                assertEquals('A', m.get(slot + 16));
                assertEquals('R', m.get(slot + 19));
                assertEquals(9L, m.getLong(slot + 16 + 8));
                assertEquals(42L, m.getLong(slot + 16 + 16));
                assertEquals(123_456_789L, m.getLong(slot + 16 + 24));
                assertEquals(8, m.getInt(slot + 16 + 32));
                assertEquals(8, m.getInt(slot + 16 + 36));
                assertEquals(1, m.getInt(slot + 16 + 40));
                assertEquals(256, m.getInt(slot + 16 + 44));
                for (int i = 0; i < 256; i++)
                {
                    assertEquals((byte)(42 * 31 + i * 7), m.get(slot + 64 + i));
                }
            }
        }
        assertFalse(Files.exists(file), "deleted on close");
    }

    @Test
    void shouldReadInOrderAndSkipFramesTheWriterLappedCounted()
    {
        final Path file = dir.resolve("ring2");
        final SharedMemoryFrameRing ring = new SharedMemoryFrameRing(file, 4, 4 * 4 * 4, false);
        try (SharedMemoryFrameReader reader = new SharedMemoryFrameReader(file))
        {
            final UnsafeBuffer pixels = new UnsafeBuffer(new byte[64]);
            final UnsafeBuffer dst = new UnsafeBuffer(new byte[reader.maxFrameLength()]);
            assertFalse(reader.readNext(dst), "nothing published yet");
            for (int i = 0; i < 3; i++)
            {
                FrameSocketServerTest.fill(pixels, i, 64);
                ring.publish(1, i, i * 10L, 4, 4, FrameHeader.FORMAT_RGBA, pixels, 0);
            }
            for (int i = 0; i < 3; i++)
            {
                assertTrue(reader.readNext(dst));
                assertEquals(i, FrameHeader.sequence(dst, 0));
                assertEquals(48 + 64, reader.lastFrameLength());
                assertEquals((byte)(i * 31 + 5 * 7), dst.getByte(48 + 5));
            }
            for (int i = 3; i < 13; i++)
            {
                FrameSocketServerTest.fill(pixels, i, 64);
                ring.publish(1, i, i * 10L, 4, 4, FrameHeader.FORMAT_RGBA, pixels, 0);
            }
            for (int i = 9; i < 13; i++)
            {
                assertTrue(reader.readNext(dst));
                assertEquals(i, FrameHeader.sequence(dst, 0), "oldest frames still in the ring");
            }
            assertFalse(reader.readNext(dst));
            assertEquals(6, reader.skippedFrames(), "frames 3..8 were overwritten before being read");
            assertFalse(reader.isWriterClosed());
            ring.close();
            assertTrue(reader.isWriterClosed(), "close is visible through the reader's own mapping");
        }
        finally
        {
            ring.close();
        }
    }

    @Test
    void shouldNeverHandOutATornFrameWhileTheWriterRunsConcurrently() throws Exception
    {
        final Path file = dir.resolve("ring3");
        final int frames = 20_000;
        final int length = 32 * 32 * 4;
        try (SharedMemoryFrameRing ring = new SharedMemoryFrameRing(file, 4, length, true);
            SharedMemoryFrameReader reader = new SharedMemoryFrameReader(file))
        {
            final CompletableFuture<long[]> read = CompletableFuture.supplyAsync(() ->
            {
                final UnsafeBuffer dst = new UnsafeBuffer(ByteBuffer.allocateDirect(reader.maxFrameLength()));
                long count = 0;
                long last = -1;
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (last < frames - 1 && System.nanoTime() - deadline < 0)
                {
                    if (reader.readNext(dst))
                    {
                        final long seq = FrameHeader.sequence(dst, 0);
                        if (seq <= last)
                        {
                            throw new AssertionError("sequence went from " + last + " to " + seq);
                        }
                        for (int i = 0; i < length; i += 61)
                        {
                            if (dst.getByte(48 + i) != (byte)(seq * 31 + i * 7))
                            {
                                throw new AssertionError("torn frame " + seq + " at byte " + i);
                            }
                        }
                        last = seq;
                        count++;
                    }
                    else
                    {
                        Thread.onSpinWait();
                    }
                }
                return new long[] {count, last};
            });
            final UnsafeBuffer pixels = new UnsafeBuffer(ByteBuffer.allocateDirect(length));
            for (int i = 0; i < frames; i++)
            {
                FrameSocketServerTest.fill(pixels, i, length);
                ring.publish(1, i, i, 32, 32, FrameHeader.FORMAT_RGBA, pixels, 0);
            }
            final long[] result = read.get(90, TimeUnit.SECONDS);
            assertEquals(frames - 1, result[1], "reader reached the last frame");
            assertEquals(frames, result[0] + reader.skippedFrames(), "every frame read or counted as skipped");
            assertTrue(result[0] > 0);
        }
    }

    @Test
    void shouldRejectBadRingsNamingTheProblem() throws Exception
    {
        FrameSocketServerTest.assertMessage("slotCount 1", () -> new SharedMemoryFrameRing(dir.resolve("r"), 1, 64,
            true));
        FrameSocketServerTest.assertMessage("maxPayloadBytes 0", () -> new SharedMemoryFrameRing(dir.resolve("r"), 4,
            0, true));
        final Path junk = Files.write(dir.resolve("junk"), new byte[256]);
        FrameSocketServerTest.assertMessage("expected 'AVSR'", () -> new SharedMemoryFrameReader(junk));
        FrameSocketServerTest.assertMessage("cannot be mapped", () -> new SharedMemoryFrameReader(dir.resolve("none")));
    }
}
