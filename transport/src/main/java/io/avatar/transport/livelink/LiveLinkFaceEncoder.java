package io.avatar.transport.livelink;

import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the Live Link Face packet, version 6. Every multi-byte field is big-endian (network order, as Unreal's
 * {@code FNboSerializeFromBuffer} reads it):
 * <pre>
 * offset  size   field
 * 0       1      uint8   packet version = 6
 * 1       4      int32   device id length D (bytes, no terminator)
 * 5       D      UTF-8   device id
 * 5+D     4      int32   subject name length S
 * 9+D     S      UTF-8   subject name
 * 9+D+S   4      int32   frame number
 * +4      4      float32 subframe, [0, 1)
 * +4      4      int32   frame rate numerator (frames per second)
 * +4      4      int32   frame rate denominator
 * +4      1      uint8   value count = 61
 * +1      244    61 x float32: 52 ARKit weights in Apple's order, then head yaw, pitch, roll, left eye yaw, pitch,
 *                roll, right eye yaw, pitch, roll (radians)
 * total   270 + D + S bytes
 * </pre>
 * The frame time is the sender time expressed at the configured frame rate: {@code frame = floor(t * num / den)},
 * {@code subframe = t * num / den - frame}. Head angles are {@link HeadPose}'s (pitch + chin down, yaw + turns to the
 * head's own left, roll + tilts to its own left), in radians. Eye angles are zero unless the caller passes them: the
 * ARKit {@code eyeLook*} weights already carry the gaze.
 *
 * <p>Unreal rejects packets over {@link #MAX_PACKET_LENGTH} bytes, so the two strings are checked at construction.
 * Per frame the pre-encoded version and strings are copied and the numbers written: no allocation. Not thread-safe:
 * one encoding thread.
 */
public final class LiveLinkFaceEncoder
{
    /** Packet version written in the first byte. */
    public static final int PACKET_VERSION = 6;
    /** Number of float values: 52 ARKit weights + 9 head and eye angles. */
    public static final int VALUE_COUNT = 61;
    /** Largest packet Unreal's listener accepts. */
    public static final int MAX_PACKET_LENGTH = 774;
    /** Packet length without the two strings. */
    public static final int FIXED_LENGTH = 1 + 4 + 4 + 16 + 1 + 4 * VALUE_COUNT;
    /** Index of head yaw among the 61 values. */
    public static final int HEAD_YAW = 52;

    private final byte[] prefix;
    private final int length;
    private final int fpsNumerator;
    private final int fpsDenominator;

    /**
     * @param deviceId       device id string (the app sends a UUID).
     * @param subjectName    Live Link subject name the engine shows.
     * @param fpsNumerator   frame rate numerator, > 0.
     * @param fpsDenominator frame rate denominator, > 0.
     * @throws IllegalArgumentException naming a bad value.
     */
    public LiveLinkFaceEncoder(
        final String deviceId, final String subjectName, final int fpsNumerator, final int fpsDenominator)
    {
        if (deviceId == null || deviceId.isEmpty())
        {
            throw new IllegalArgumentException("Live Link device id is empty");
        }
        if (subjectName == null || subjectName.isBlank())
        {
            throw new IllegalArgumentException("Live Link subject name is empty");
        }
        if (fpsNumerator <= 0 || fpsDenominator <= 0)
        {
            throw new IllegalArgumentException("Live Link frame rate " + fpsNumerator + "/" + fpsDenominator +
                " must have a positive numerator and denominator");
        }
        final byte[] id = deviceId.getBytes(StandardCharsets.UTF_8);
        final byte[] name = subjectName.getBytes(StandardCharsets.UTF_8);
        length = FIXED_LENGTH + id.length + name.length;
        if (length > MAX_PACKET_LENGTH)
        {
            throw new IllegalArgumentException("Live Link device id (" + id.length + " bytes) and subject name (" +
                name.length + " bytes) make a " + length + " byte packet; Unreal accepts at most " +
                MAX_PACKET_LENGTH);
        }
        prefix = new byte[1 + 4 + id.length + 4 + name.length];
        prefix[0] = (byte)PACKET_VERSION;
        putIntBigEndian(prefix, 1, id.length);
        System.arraycopy(id, 0, prefix, 5, id.length);
        putIntBigEndian(prefix, 5 + id.length, name.length);
        System.arraycopy(name, 0, prefix, 9 + id.length, name.length);
        this.fpsNumerator = fpsNumerator;
        this.fpsDenominator = fpsDenominator;
    }

    /**
     * @return the size of every packet this encoder writes.
     */
    public int packetLength()
    {
        return length;
    }

    /**
     * Writes one packet. Allocation-free. Encoding thread only.
     *
     * @param weights     52 ARKit weights in Apple's order.
     * @param pose        6 numbers as {@link HeadPose}.
     * @param eyes        left eye yaw, pitch, roll, right eye yaw, pitch, roll in radians, or null for zeros.
     * @param timeSeconds sender time, converted to frame number + subframe.
     * @param buffer      destination with at least {@link #packetLength()} bytes from {@code offset}.
     * @param offset      where the packet starts.
     * @return bytes written.
     */
    public int encode(
        final float[] weights,
        final float[] pose,
        final float[] eyes,
        final double timeSeconds,
        final MutableDirectBuffer buffer,
        final int offset)
    {
        if (weights.length < ArkitBlendshape.COUNT || pose.length < HeadPose.SIZE || (eyes != null && eyes.length < 6))
        {
            throw new IllegalArgumentException("Live Link frame needs 52 weights, 6 pose numbers and 6 eye angles " +
                "or none, got " + weights.length + ", " + pose.length + " and " + (eyes == null ? 0 : eyes.length));
        }
        if (buffer.capacity() - offset < length)
        {
            throw new IllegalArgumentException("Live Link packet needs " + length + " bytes, buffer has " +
                (buffer.capacity() - offset));
        }
        buffer.putBytes(offset, prefix);
        int at = offset + prefix.length;
        final double frames = timeSeconds * fpsNumerator / fpsDenominator;
        final double whole = Math.floor(frames);
        buffer.putInt(at, (int)whole, ByteOrder.BIG_ENDIAN);
        buffer.putFloat(at + 4, (float)(frames - whole), ByteOrder.BIG_ENDIAN);
        buffer.putInt(at + 8, fpsNumerator, ByteOrder.BIG_ENDIAN);
        buffer.putInt(at + 12, fpsDenominator, ByteOrder.BIG_ENDIAN);
        buffer.putByte(at + 16, (byte)VALUE_COUNT);
        at += 17;
        for (int i = 0; i < ArkitBlendshape.COUNT; i++)
        {
            buffer.putFloat(at, weights[i], ByteOrder.BIG_ENDIAN);
            at += 4;
        }
        buffer.putFloat(at, pose[HeadPose.YAW], ByteOrder.BIG_ENDIAN);
        buffer.putFloat(at + 4, pose[HeadPose.PITCH], ByteOrder.BIG_ENDIAN);
        buffer.putFloat(at + 8, pose[HeadPose.ROLL], ByteOrder.BIG_ENDIAN);
        at += 12;
        for (int i = 0; i < 6; i++)
        {
            buffer.putFloat(at, eyes == null ? 0f : eyes[i], ByteOrder.BIG_ENDIAN);
            at += 4;
        }
        return at - offset;
    }

    private static void putIntBigEndian(final byte[] dst, final int at, final int value)
    {
        dst[at] = (byte)(value >>> 24);
        dst[at + 1] = (byte)(value >>> 16);
        dst[at + 2] = (byte)(value >>> 8);
        dst[at + 3] = (byte)value;
    }
}
