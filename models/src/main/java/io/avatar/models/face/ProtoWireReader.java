package io.avatar.models.face;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A minimal reader of the protobuf wire format (varint, 64-bit, length-delimited and 32-bit fields), enough to
 * decode MediaPipe's small metadata protos without a protobuf dependency. Not thread-safe: one reader per message.
 */
final class ProtoWireReader
{
    /** Wire type of a varint field. */
    static final int VARINT = 0;
    /** Wire type of a 64-bit field. */
    static final int FIXED64 = 1;
    /** Wire type of a length-delimited field (bytes, sub-message, packed repeated). */
    static final int LENGTH_DELIMITED = 2;
    /** Wire type of a 32-bit field (float, fixed32). */
    static final int FIXED32 = 5;

    private final ByteBuffer buf;
    private final int end;
    private int tag;

    /**
     * @param bytes  the message bytes.
     * @param offset where the message starts.
     * @param length the message length.
     */
    ProtoWireReader(final byte[] bytes, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || offset + length > bytes.length)
        {
            throw new IllegalArgumentException("protobuf slice [" + offset + ", " + (offset + length)
                + ") outside " + bytes.length + " bytes");
        }
        this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.buf.position(offset);
        this.end = offset + length;
    }

    /**
     * Advances to the next field.
     *
     * @return false at the end of the message.
     */
    boolean next()
    {
        if (buf.position() >= end)
        {
            return false;
        }
        final long t = readVarint();
        if (t > Integer.MAX_VALUE || (t >>> 3) == 0)
        {
            throw new IllegalStateException("corrupt protobuf: bad tag " + t + " at byte " + buf.position());
        }
        tag = (int)t;
        return true;
    }

    /**
     * @return the field number of the current field.
     */
    int fieldNumber()
    {
        return tag >>> 3;
    }

    /**
     * @return the wire type of the current field.
     */
    int wireType()
    {
        return tag & 7;
    }

    /**
     * @return the current varint field's value.
     */
    long readVarint()
    {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            ensure(1);
            final byte b = buf.get();
            result |= (long)(b & 0x7F) << shift;
            if (b >= 0)
            {
                return result;
            }
        }
        throw new IllegalStateException("corrupt protobuf: varint longer than 10 bytes at byte " + buf.position());
    }

    /**
     * @return the current 32-bit field as a float.
     */
    float readFloat()
    {
        ensure(4);
        return buf.getFloat();
    }

    /**
     * Reads the length prefix of the current length-delimited field and skips over its payload.
     *
     * @return {@code [offset, length]} of the payload in the underlying array.
     */
    int[] readLengthDelimited()
    {
        final long len = readVarint();
        if (len < 0 || len > end - buf.position())
        {
            throw new IllegalStateException("corrupt protobuf: field " + fieldNumber() + " length " + len
                + " runs past the message end");
        }
        final int off = buf.position();
        buf.position(off + (int)len);
        return new int[]{off, (int)len};
    }

    /**
     * Skips the current field, whatever its wire type.
     */
    void skip()
    {
        switch (wireType())
        {
            case VARINT -> readVarint();
            case FIXED64 -> skipBytes(8);
            case LENGTH_DELIMITED -> readLengthDelimited();
            case FIXED32 -> skipBytes(4);
            default -> throw new IllegalStateException("corrupt protobuf: unsupported wire type " + wireType()
                + " for field " + fieldNumber());
        }
    }

    /**
     * @return whether bytes remain in this message (for packed repeated fields).
     */
    boolean hasMore()
    {
        return buf.position() < end;
    }

    /**
     * @return the underlying bytes (for sub-messages from {@link #readLengthDelimited()}).
     */
    byte[] array()
    {
        return buf.array();
    }

    private void skipBytes(final int n)
    {
        ensure(n);
        buf.position(buf.position() + n);
    }

    private void ensure(final int n)
    {
        if (end - buf.position() < n)
        {
            throw new IllegalStateException("corrupt protobuf: truncated at byte " + buf.position());
        }
    }
}
