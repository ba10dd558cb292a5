package io.avatar.engine.eval;

import io.avatar.models.eval.MotionSeries;
import io.avatar.models.face.FaceLandmarkSets;
import io.avatar.models.rig.FaceRig;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * M-LMD on the rig (issue "Voice to motion"): both motions are applied to the face rig, and the mouth vertices (the
 * 40 MediaPipe lip landmarks, which are rig vertices) are compared frame by frame. Reported in millimetres of the
 * canonical mesh (its units are centimetres). Head pose is left out: this measures the mouth shape only.
 */
public final class RigMouthDistance
{
    private final FaceRig rig;
    private final int[] mouth;
    private final float[] a;
    private final float[] b;

    /**
     * @param rig the face rig.
     */
    public RigMouthDistance(final FaceRig rig)
    {
        this.rig = rig;
        final Set<Integer> s = new LinkedHashSet<>();
        for (final int[] set : new int[][] {FaceLandmarkSets.LIPS_UPPER_OUTER, FaceLandmarkSets.LIPS_LOWER_OUTER,
            FaceLandmarkSets.LIPS_UPPER_INNER, FaceLandmarkSets.LIPS_LOWER_INNER})
        {
            for (final int v : set)
            {
                s.add(v);
            }
        }
        mouth = s.stream().mapToInt(Integer::intValue).toArray();
        a = new float[3 * rig.vertexCount()];
        b = new float[3 * rig.vertexCount()];
    }

    /**
     * @param reference the reference motion.
     * @param output    the evaluated motion (resampled to the reference fps when they differ).
     * @return mean over common frames and mouth vertices of the vertex distance, in mm.
     */
    public double mmPerVertex(final MotionSeries reference, final MotionSeries output)
    {
        final MotionSeries out = output.fps() == reference.fps() ? output : output.resample(reference.fps());
        final int frames = Math.min(reference.frames(), out.frames());
        if (frames == 0)
        {
            return Double.NaN;
        }
        final float[] wa = new float[MotionSeries.W];
        final float[] wb = new float[MotionSeries.W];
        double sum = 0;
        for (int f = 0; f < frames; f++)
        {
            System.arraycopy(reference.weights(), f * MotionSeries.W, wa, 0, MotionSeries.W);
            System.arraycopy(out.weights(), f * MotionSeries.W, wb, 0, MotionSeries.W);
            rig.apply(wa, rig.neutral(), a);
            rig.apply(wb, rig.neutral(), b);
            for (final int v : mouth)
            {
                final double dx = a[3 * v] - b[3 * v];
                final double dy = a[3 * v + 1] - b[3 * v + 1];
                final double dz = a[3 * v + 2] - b[3 * v + 2];
                sum += Math.sqrt(dx * dx + dy * dy + dz * dz);
            }
        }
        return 10.0 * sum / ((double)frames * mouth.length);
    }
}
