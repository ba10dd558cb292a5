package io.avatar.transport.osc;

import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes one motion frame as the VMC protocol bundle (OSC 1.0, timetag "immediately"):
 * <ol>
 *   <li>52 x {@code /VMC/Ext/Blend/Val ,sf name value}, ARKit names in Apple's order;</li>
 *   <li>{@code /VMC/Ext/Blend/Apply} (no arguments);</li>
 *   <li>{@code /VMC/Ext/Bone/Pos ,sfffffff "Head" px py pz qx qy qz qw};</li>
 *   <li>{@code /VMC/Ext/OK ,i 1};</li>
 *   <li>{@code /VMC/Ext/T ,f time}.</li>
 * </ol>
 *
 * <h2>Axis conversion (our head pose to Unity's left-handed frame)</h2>
 * VMC values are Unity values: left-handed, x to the avatar's right, y up, z forward (the way the avatar faces),
 * metres, and a positive angle turns clockwise when seen from the positive end of its axis. Unity's Euler angles
 * compose as roll about z, then pitch about x, then yaw about y, which is the order of
 * {@link HeadPose#toQuaternion}, and a Unity quaternion has the same components as that formula for the same three
 * angles. In Unity +x pitches the chin down, +y turns the head to its own right and +z tilts it to its own left;
 * {@link HeadPose} defines pitch + chin down, yaw + turns to its own left, roll + tilts to its own left. So the
 * encoder feeds {@code [pitch, -yaw, roll]} to {@link HeadPose#toQuaternion}. The translation of {@link HeadPose}
 * (centimetres of the canonical face mesh: x to the face's left, y up, z out of the face) becomes Unity metres with
 * x mirrored: {@code (px, py, pz) = (-tx, ty, tz) / 100}, added to a configurable rest offset (receivers such as
 * EVMC4U that synchronise bone positions need the avatar's neck-to-head offset there).
 *
 * <p>The bundle has a fixed size ({@link #BUNDLE_LENGTH}) because every string in it is fixed; per frame only
 * pre-encoded bytes and numbers are copied. Not thread-safe: one encoding thread.
 */
public final class VmcBundleEncoder
{
    /** OSC address of one blendshape value. */
    public static final String BLEND_VAL = "/VMC/Ext/Blend/Val";
    /** OSC address that tells the receiver to apply the values just sent. */
    public static final String BLEND_APPLY = "/VMC/Ext/Blend/Apply";
    /** OSC address of a bone's local position and rotation. */
    public static final String BONE_POS = "/VMC/Ext/Bone/Pos";
    /** OSC address of the "avatar loaded" status. */
    public static final String OK = "/VMC/Ext/OK";
    /** OSC address of the sender's time in seconds. */
    public static final String TIME = "/VMC/Ext/T";
    /** Unity HumanBodyBones name of the head bone. */
    public static final String HEAD_BONE = "Head";

    private static final byte[][] BLEND_PREFIXES = new byte[ArkitBlendshape.COUNT][];
    private static final byte[] APPLY_PREFIX = OscEncoder.encodePrefix(BLEND_APPLY, "");
    private static final byte[] BONE_PREFIX = OscEncoder.encodePrefix(BONE_POS, "sfffffff", HEAD_BONE);
    private static final byte[] OK_PREFIX = OscEncoder.encodePrefix(OK, "i");
    private static final byte[] TIME_PREFIX = OscEncoder.encodePrefix(TIME, "f");

    /** Exact size in bytes of every bundle this encoder writes. */
    public static final int BUNDLE_LENGTH;

    static
    {
        int length = 16; // "#bundle\0" + timetag
        for (int i = 0; i < ArkitBlendshape.COUNT; i++)
        {
            BLEND_PREFIXES[i] = OscEncoder.encodePrefix(BLEND_VAL, "sf", ArkitBlendshape.at(i).name());
            length += 4 + BLEND_PREFIXES[i].length + 4;
        }
        length += 4 + APPLY_PREFIX.length;
        length += 4 + BONE_PREFIX.length + 7 * 4;
        length += 4 + OK_PREFIX.length + 4;
        length += 4 + TIME_PREFIX.length + 4;
        BUNDLE_LENGTH = length;
    }

    private final OscEncoder osc = new OscEncoder();
    private final float[] unityEuler = new float[HeadPose.SIZE];
    private final float[] quaternion = new float[4];
    private final float restX;
    private final float restY;
    private final float restZ;

    /**
     * @param restOffsetMetres head bone rest position in Unity metres {@code [x, y, z]} added to the pose translation.
     */
    public VmcBundleEncoder(final float[] restOffsetMetres)
    {
        if (restOffsetMetres.length != 3)
        {
            throw new IllegalArgumentException("VMC head rest offset needs 3 numbers, got " + restOffsetMetres.length);
        }
        for (final float v : restOffsetMetres)
        {
            if (!Float.isFinite(v))
            {
                throw new IllegalArgumentException("VMC head rest offset has a non-finite value " + v);
            }
        }
        restX = restOffsetMetres[0];
        restY = restOffsetMetres[1];
        restZ = restOffsetMetres[2];
    }

    /**
     * Writes one bundle. Allocation-free. Encoding thread only.
     *
     * @param weights     52 ARKit weights in Apple's order.
     * @param pose        6 numbers as {@link HeadPose}.
     * @param timeSeconds sender time for {@code /VMC/Ext/T}.
     * @param buffer      destination with at least {@link #BUNDLE_LENGTH} bytes from {@code offset}.
     * @param offset      where the bundle starts.
     * @return bytes written ({@link #BUNDLE_LENGTH}).
     */
    public int encode(
        final float[] weights,
        final float[] pose,
        final double timeSeconds,
        final MutableDirectBuffer buffer,
        final int offset)
    {
        if (weights.length < ArkitBlendshape.COUNT || pose.length < HeadPose.SIZE)
        {
            throw new IllegalArgumentException("VMC frame needs 52 weights and 6 pose numbers, got " +
                weights.length + " and " + pose.length);
        }
        final OscEncoder o = osc.wrap(buffer, offset, BUNDLE_LENGTH);
        o.beginBundle(OscEncoder.TIME_TAG_IMMEDIATE);
        for (int i = 0; i < ArkitBlendshape.COUNT; i++)
        {
            o.beginMessage(BLEND_PREFIXES[i]).putFloat(weights[i]).endMessage();
        }
        o.beginMessage(APPLY_PREFIX).endMessage();

        final float[] e = unityEuler;
        e[HeadPose.PITCH] = pose[HeadPose.PITCH];
        e[HeadPose.YAW] = -pose[HeadPose.YAW];
        e[HeadPose.ROLL] = pose[HeadPose.ROLL];
        final float[] q = quaternion;
        HeadPose.toQuaternion(e, 0, q, 0);
        o.beginMessage(BONE_PREFIX)
            .putFloat(restX - pose[HeadPose.TX] * 0.01f)
            .putFloat(restY + pose[HeadPose.TY] * 0.01f)
            .putFloat(restZ + pose[HeadPose.TZ] * 0.01f)
            .putFloat(q[0]).putFloat(q[1]).putFloat(q[2]).putFloat(q[3])
            .endMessage();
        o.beginMessage(OK_PREFIX).putInt(1).endMessage();
        o.beginMessage(TIME_PREFIX).putFloat((float)timeSeconds).endMessage();
        o.endBundle();
        return o.length();
    }
}
