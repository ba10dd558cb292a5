package io.avatar.models.rig;

/**
 * Layout of the head pose as the decoder and the style code see it: six numbers per frame,
 * {@code [pitch, yaw, roll, tx, ty, tz]}, angles in radians (pitch positive = chin down, yaw positive = the head
 * turns to its own left, roll positive = the head tilts to its own right,
 * i.e. counter-clockwise as the viewer sees it; exactly {@code R = Ry(yaw) Rx(pitch) Rz(roll)} in the canonical mesh
 * frame), translation in centimetres of the
 * canonical face mesh. Renderers and protocols convert to a quaternion with {@link #toQuaternion}.
 */
public final class HeadPose
{
    /** Numbers per pose. */
    public static final int SIZE = 6;
    /** Index of pitch (radians). */
    public static final int PITCH = 0;
    /** Index of yaw (radians). */
    public static final int YAW = 1;
    /** Index of roll (radians). */
    public static final int ROLL = 2;
    /** Index of x translation (cm). */
    public static final int TX = 3;
    /** Index of y translation (cm). */
    public static final int TY = 4;
    /** Index of z translation (cm). */
    public static final int TZ = 5;

    private HeadPose()
    {
    }

    /**
     * Converts Euler angles (applied roll, then pitch, then yaw: {@code R = Ry(yaw) Rx(pitch) Rz(roll)}) to a unit
     * quaternion. Allocation-free.
     *
     * @param pose    six numbers as above.
     * @param poseOff offset of the pose in the array.
     * @param q       output {@code [x, y, z, w]}.
     * @param qOff    offset in the output.
     */
    public static void toQuaternion(final float[] pose, final int poseOff, final float[] q, final int qOff)
    {
        final double hp = 0.5 * pose[poseOff + PITCH];
        final double hy = 0.5 * pose[poseOff + YAW];
        final double hr = 0.5 * pose[poseOff + ROLL];
        final double cp = Math.cos(hp);
        final double sp = Math.sin(hp);
        final double cy = Math.cos(hy);
        final double sy = Math.sin(hy);
        final double cr = Math.cos(hr);
        final double sr = Math.sin(hr);
        // q = qy * qx * qz
        q[qOff] = (float)(cy * sp * cr + sy * cp * sr);
        q[qOff + 1] = (float)(sy * cp * cr - cy * sp * sr);
        q[qOff + 2] = (float)(cy * cp * sr - sy * sp * cr);
        q[qOff + 3] = (float)(cy * cp * cr + sy * sp * sr);
    }
}
