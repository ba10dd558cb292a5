package io.avatar.transport.framesocket;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Layout of the frame header that precedes every frame on the frame socket and in every shared-memory ring slot.
 * Fixed 48 bytes, <b>little-endian</b> (the byte order of every machine a game engine runs on, so a C reader can
 * {@code memcpy} it into a struct):
 * <pre>
 * offset size field
 * 0      4    magic, the ASCII bytes 'A' 'V' 'F' 'R'
 * 4      2    uint16 version = 1
 * 6      2    uint16 header length = 48 (a reader skips header bytes it does not know)
 * 8      8    int64  session id
 * 16     8    int64  sequence (the engine's frame sequence; increases by one per frame of a session)
 * 24     8    int64  pts in nanoseconds (session audio clock)
 * 32     4    int32  width in pixels
 * 36     4    int32  height in pixels
 * 40     4    int32  format: 1 = RGBA (8 bits per channel, rows packed, width * 4 bytes per row),
 *                            2 = I420 (Y plane width x height, then U and V planes ceil(w/2) x ceil(h/2))
 * 44     4    int32  payload length in bytes (the pixels that follow)
 * </pre>
 * Stateless; any thread.
 */
public final class FrameHeader
{
    /** Header length in bytes. */
    public static final int LENGTH = 48;
    /** Header version. */
    public static final int VERSION = 1;
    /** The magic as a little-endian int: bytes 'A' 'V' 'F' 'R'. */
    public static final int MAGIC = 'A' | 'V' << 8 | 'F' << 16 | 'R' << 24;
    /** Format code: RGBA, 4 bytes per pixel. */
    public static final int FORMAT_RGBA = 1;
    /** Format code: planar YUV 4:2:0 (I420). */
    public static final int FORMAT_I420 = 2;

    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the version (uint16). */
    public static final int VERSION_OFFSET = 4;
    /** Offset of the header length (uint16). */
    public static final int HEADER_LENGTH_OFFSET = 6;
    /** Offset of the session id. */
    public static final int SESSION_OFFSET = 8;
    /** Offset of the sequence. */
    public static final int SEQUENCE_OFFSET = 16;
    /** Offset of the pts in nanoseconds. */
    public static final int PTS_OFFSET = 24;
    /** Offset of the width. */
    public static final int WIDTH_OFFSET = 32;
    /** Offset of the height. */
    public static final int HEIGHT_OFFSET = 36;
    /** Offset of the format code. */
    public static final int FORMAT_OFFSET = 40;
    /** Offset of the payload length. */
    public static final int PAYLOAD_LENGTH_OFFSET = 44;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private FrameHeader()
    {
    }

    /**
     * @param format {@link #FORMAT_RGBA} or {@link #FORMAT_I420}.
     * @param width  pixels, > 0.
     * @param height pixels, > 0.
     * @return the payload length a frame of that shape must have.
     * @throws IllegalArgumentException naming a bad format or size.
     */
    public static int payloadLength(final int format, final int width, final int height)
    {
        if (width <= 0 || height <= 0 || width > 16384 || height > 16384)
        {
            throw new IllegalArgumentException("frame size " + width + "x" + height + " is outside 1..16384");
        }
        return switch (format)
        {
            case FORMAT_RGBA -> width * height * 4;
            case FORMAT_I420 -> width * height + 2 * (((width + 1) / 2) * ((height + 1) / 2));
            default -> throw new IllegalArgumentException("frame format " + format + " is not 1 (RGBA) or 2 (I420)");
        };
    }

    /**
     * Writes a header.
     *
     * @param buffer        destination.
     * @param offset        where the header starts.
     * @param sessionId     session id.
     * @param sequence      frame sequence.
     * @param ptsNanos      presentation time.
     * @param width         width.
     * @param height        height.
     * @param format        format code.
     * @param payloadLength bytes that follow.
     */
    public static void write(
        final MutableDirectBuffer buffer,
        final int offset,
        final long sessionId,
        final long sequence,
        final long ptsNanos,
        final int width,
        final int height,
        final int format,
        final int payloadLength)
    {
        buffer.putInt(offset + MAGIC_OFFSET, MAGIC, LE);
        buffer.putShort(offset + VERSION_OFFSET, (short)VERSION, LE);
        buffer.putShort(offset + HEADER_LENGTH_OFFSET, (short)LENGTH, LE);
        buffer.putLong(offset + SESSION_OFFSET, sessionId, LE);
        buffer.putLong(offset + SEQUENCE_OFFSET, sequence, LE);
        buffer.putLong(offset + PTS_OFFSET, ptsNanos, LE);
        buffer.putInt(offset + WIDTH_OFFSET, width, LE);
        buffer.putInt(offset + HEIGHT_OFFSET, height, LE);
        buffer.putInt(offset + FORMAT_OFFSET, format, LE);
        buffer.putInt(offset + PAYLOAD_LENGTH_OFFSET, payloadLength, LE);
    }

    /**
     * @param buffer source.
     * @param offset header start.
     * @return true when the magic and version match.
     */
    public static boolean isValid(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + MAGIC_OFFSET, LE) == MAGIC &&
            buffer.getShort(offset + VERSION_OFFSET, LE) == VERSION;
    }

    /**
     * @param buffer source.
     * @param offset header start.
     * @return the sequence.
     */
    public static long sequence(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + SEQUENCE_OFFSET, LE);
    }

    /**
     * @param buffer source.
     * @param offset header start.
     * @return the session id.
     */
    public static long sessionId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + SESSION_OFFSET, LE);
    }

    /**
     * @param buffer source.
     * @param offset header start.
     * @return the pts in nanoseconds.
     */
    public static long ptsNanos(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + PTS_OFFSET, LE);
    }

    /**
     * @param buffer source.
     * @param offset header start.
     * @return the width.
     */
    public static int width(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + WIDTH_OFFSET, LE);
    }

    /**
     * @param buffer source.
     * @param offset header start.
     * @return the height.
     */
    public static int height(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + HEIGHT_OFFSET, LE);
    }

    /**
     * @param buffer source.
     * @param offset header start.
     * @return the format code.
     */
    public static int format(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + FORMAT_OFFSET, LE);
    }

    /**
     * @param buffer source.
     * @param offset header start.
     * @return the payload length.
     */
    public static int payloadLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + PAYLOAD_LENGTH_OFFSET, LE);
    }
}
