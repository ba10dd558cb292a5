package io.avatar.transport.osc;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Allocation-free OSC 1.0 writer into a caller-owned {@link MutableDirectBuffer}: messages and (nested) bundles with
 * int32 ({@code i}), float32 ({@code f}), string ({@code s}) and timetag ({@code t}) arguments. Every number is
 * big-endian and every string is NUL-terminated and zero-padded to a multiple of 4 bytes, as OSC 1.0 requires.
 *
 * <p>Strings that repeat every frame (addresses, type tags, names) are encoded once with {@link #encodeString} or
 * {@link #encodePrefix} and copied as bytes, so the per-frame path builds no {@code String}. The type tags are the
 * caller's contract: the writer does not check that the arguments written match them (the tests decode every
 * packet with an independent parser instead).
 *
 * <p>Not thread-safe: one instance belongs to the one thread that encodes with it.
 */
public final class OscEncoder
{
    /** OSC timetag meaning "immediately" (NTP value 1). */
    public static final long TIME_TAG_IMMEDIATE = 1L;
    /** Deepest nesting of bundles plus one message. */
    public static final int MAX_DEPTH = 8;

    private static final byte[] BUNDLE_TAG = encodeString("#bundle");
    /** Seconds from the NTP epoch (1900-01-01) to the Unix epoch (1970-01-01). */
    private static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

    private final int[] sizeFieldStack = new int[MAX_DEPTH];
    private int depth;
    private MutableDirectBuffer buffer;
    private int start;
    private int limit;
    private int position;

    /**
     * Creates an unwrapped writer; call {@link #wrap} before writing. Any thread (then owned by the encoding one).
     */
    public OscEncoder()
    {
    }

    /**
     * Points the writer at a buffer region and forgets any open element. Called on the encoding thread.
     *
     * @param buffer   where to write.
     * @param offset   first byte of the packet.
     * @param capacity bytes available from {@code offset}.
     * @return this.
     */
    public OscEncoder wrap(final MutableDirectBuffer buffer, final int offset, final int capacity)
    {
        if (offset < 0 || capacity < 0 || (long)offset + capacity > buffer.capacity())
        {
            throw new IllegalArgumentException("OSC region [" + offset + ", " + offset + " + " + capacity +
                ") is outside the buffer of capacity " + buffer.capacity());
        }
        this.buffer = buffer;
        this.start = offset;
        this.limit = offset + capacity;
        this.position = offset;
        this.depth = 0;
        return this;
    }

    /**
     * @return bytes written since {@link #wrap}; the packet length once every element is closed.
     */
    public int length()
    {
        return position - start;
    }

    /**
     * @return open bundles and messages (0 when the packet is complete).
     */
    public int depth()
    {
        return depth;
    }

    /**
     * Opens a bundle ({@code #bundle}, timetag); inside another bundle its int32 size is reserved first.
     *
     * @param timeTag NTP 64-bit timetag, e.g. {@link #TIME_TAG_IMMEDIATE}.
     * @return this.
     */
    public OscEncoder beginBundle(final long timeTag)
    {
        openElement();
        putBytes(BUNDLE_TAG);
        ensure(8);
        buffer.putLong(position, timeTag, ByteOrder.BIG_ENDIAN);
        position += 8;
        return this;
    }

    /**
     * Closes the innermost bundle, writing its size if it is nested.
     *
     * @return this.
     */
    public OscEncoder endBundle()
    {
        return closeElement();
    }

    /**
     * Opens a message whose address, type-tag string and possibly leading arguments are already encoded (see
     * {@link #encodePrefix}); inside a bundle its int32 size is reserved first.
     *
     * @param prefix pre-encoded, padded bytes.
     * @return this.
     */
    public OscEncoder beginMessage(final byte[] prefix)
    {
        openElement();
        putBytes(prefix);
        return this;
    }

    /**
     * Closes the innermost message, writing its size if it is inside a bundle.
     *
     * @return this.
     */
    public OscEncoder endMessage()
    {
        return closeElement();
    }

    /**
     * Writes an int32 argument ({@code i}).
     *
     * @param value the value.
     * @return this.
     */
    public OscEncoder putInt(final int value)
    {
        ensure(4);
        buffer.putInt(position, value, ByteOrder.BIG_ENDIAN);
        position += 4;
        return this;
    }

    /**
     * Writes a float32 argument ({@code f}).
     *
     * @param value the value.
     * @return this.
     */
    public OscEncoder putFloat(final float value)
    {
        ensure(4);
        buffer.putFloat(position, value, ByteOrder.BIG_ENDIAN);
        position += 4;
        return this;
    }

    /**
     * Writes a timetag argument ({@code t}).
     *
     * @param timeTag NTP 64-bit timetag.
     * @return this.
     */
    public OscEncoder putTimeTag(final long timeTag)
    {
        ensure(8);
        buffer.putLong(position, timeTag, ByteOrder.BIG_ENDIAN);
        position += 8;
        return this;
    }

    /**
     * Writes a pre-encoded string argument ({@code s}) from {@link #encodeString}.
     *
     * @param paddedString NUL-terminated, padded bytes.
     * @return this.
     */
    public OscEncoder putEncodedString(final byte[] paddedString)
    {
        putBytes(paddedString);
        return this;
    }

    /**
     * Writes a string argument ({@code s}) from characters without allocating; for values that change at run time.
     *
     * @param value printable ASCII without NUL.
     * @return this.
     * @throws IllegalArgumentException naming the first character that OSC 1.0 strings cannot carry.
     */
    public OscEncoder putString(final CharSequence value)
    {
        final int n = value.length();
        final int padded = paddedLength(n);
        ensure(padded);
        for (int i = 0; i < n; i++)
        {
            final char c = value.charAt(i);
            if (c == 0 || c > 0x7e)
            {
                throw new IllegalArgumentException("OSC string has a non-ASCII or NUL character at index " + i);
            }
            buffer.putByte(position + i, (byte)c);
        }
        buffer.setMemory(position + n, padded - n, (byte)0);
        position += padded;
        return this;
    }

    /**
     * @param timeNanos nanoseconds since the Unix epoch.
     * @return the NTP timetag (seconds since 1900 in the high 32 bits, binary fraction in the low 32).
     */
    public static long timeTagFromEpochNanos(final long timeNanos)
    {
        final long seconds = Math.floorDiv(timeNanos, 1_000_000_000L);
        final long nanos = Math.floorMod(timeNanos, 1_000_000_000L);
        final long fraction = (nanos << 32) / 1_000_000_000L;
        return ((seconds + NTP_UNIX_OFFSET_SECONDS) << 32) | fraction;
    }

    /**
     * Encodes an OSC string once (at set-up, not per frame).
     *
     * @param value printable ASCII.
     * @return NUL-terminated bytes padded with zeros to a multiple of 4.
     */
    public static byte[] encodeString(final String value)
    {
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == 0 || c > 0x7e)
            {
                throw new IllegalArgumentException("OSC string '" + value + "' has a non-ASCII or NUL character at " +
                    "index " + i);
            }
        }
        final byte[] ascii = value.getBytes(StandardCharsets.US_ASCII);
        final byte[] out = new byte[paddedLength(ascii.length)];
        System.arraycopy(ascii, 0, out, 0, ascii.length);
        return out;
    }

    /**
     * Encodes the fixed start of a message once: address, type-tag string and any leading string arguments.
     *
     * @param address        OSC address, starting with {@code /}.
     * @param typeTags       type tags without the leading comma, e.g. {@code "sf"}.
     * @param leadingStrings values of the first {@code s} arguments, in order.
     * @return the concatenated padded bytes.
     */
    public static byte[] encodePrefix(final String address, final String typeTags, final String... leadingStrings)
    {
        if (!address.startsWith("/"))
        {
            throw new IllegalArgumentException("OSC address '" + address + "' must start with '/'");
        }
        for (int i = 0; i < typeTags.length(); i++)
        {
            if ("ifst".indexOf(typeTags.charAt(i)) < 0)
            {
                throw new IllegalArgumentException("OSC type tag '" + typeTags.charAt(i) + "' in '" + typeTags +
                    "' is not one of i, f, s, t");
            }
        }
        for (int i = 0; i < leadingStrings.length; i++)
        {
            if (i >= typeTags.length() || typeTags.charAt(i) != 's')
            {
                throw new IllegalArgumentException("leading string argument " + i + " of " + address +
                    " does not match type tags '" + typeTags + "'");
            }
        }
        final byte[][] parts = new byte[2 + leadingStrings.length][];
        parts[0] = encodeString(address);
        parts[1] = encodeString("," + typeTags);
        for (int i = 0; i < leadingStrings.length; i++)
        {
            parts[2 + i] = encodeString(leadingStrings[i]);
        }
        int total = 0;
        for (final byte[] p : parts)
        {
            total += p.length;
        }
        final byte[] out = new byte[total];
        int at = 0;
        for (final byte[] p : parts)
        {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /**
     * @param stringLength characters without the terminator.
     * @return bytes an OSC string of that length occupies (terminator and padding included).
     */
    public static int paddedLength(final int stringLength)
    {
        return (stringLength + 4) & ~3;
    }

    private void openElement()
    {
        if (depth == MAX_DEPTH)
        {
            throw new IllegalStateException("OSC nesting deeper than " + MAX_DEPTH);
        }
        if (depth > 0)
        {
            // Inside a bundle every element is preceded by its int32 size, known only when it is closed.
            ensure(4);
            sizeFieldStack[depth] = position;
            position += 4;
        }
        else
        {
            sizeFieldStack[depth] = -1;
        }
        depth++;
    }

    private OscEncoder closeElement()
    {
        if (depth == 0)
        {
            throw new IllegalStateException("no open OSC bundle or message to close");
        }
        depth--;
        final int sizeField = sizeFieldStack[depth];
        if (sizeField >= 0)
        {
            buffer.putInt(sizeField, position - sizeField - 4, ByteOrder.BIG_ENDIAN);
        }
        return this;
    }

    private void putBytes(final byte[] bytes)
    {
        ensure(bytes.length);
        buffer.putBytes(position, bytes);
        position += bytes.length;
    }

    private void ensure(final int bytes)
    {
        if (position + bytes > limit)
        {
            throw new IllegalStateException("OSC packet needs more than its " + (limit - start) + " byte buffer");
        }
    }
}
