package io.avatar.models.face.detect;

import io.avatar.models.image.RgbImage;

import java.nio.FloatBuffer;
import java.nio.file.Path;

/**
 * MediaPipe's 468-point face mesh ({@code face_landmark.tflite}): the rotated face crop is warped to 1x192x192x3 in
 * [0, 1], the model returns 468 (x, y, z) in crop pixels and a face-presence logit, and the points are mapped back
 * to image pixels (z scaled like x). Preallocated; {@link #run} allocates nothing. Not thread-safe: one instance per
 * thread.
 */
public final class FaceMesh implements AutoCloseable
{
    /** Input side of the model, pixels. */
    public static final int INPUT_SIZE = 192;
    /** Landmarks per face. */
    public static final int LANDMARKS = 468;
    /** Presence below which the crop holds no face (MediaPipe's {@code min_tracking_confidence}). */
    public static final float MIN_PRESENCE_DEFAULT = 0.5f;

    private final TfliteModel model;
    private final double[] map = new double[6];

    /**
     * Loads the model.
     *
     * @param modelFile {@code face_landmark.tflite}.
     * @param threads   interpreter threads (1..16).
     */
    public FaceMesh(final Path modelFile, final int threads)
    {
        model = new TfliteModel(modelFile, threads, new int[] {1, INPUT_SIZE, INPUT_SIZE, 3},
            new int[] {1, 1, 1, 3 * LANDMARKS}, new int[] {1, 1, 1, 1});
    }

    /**
     * Runs the mesh on one crop. Caller's thread (the owner's).
     *
     * @param image the image.
     * @param roi   the crop.
     * @param out   {@code 468 * 3} floats: x, y, z in image pixels.
     * @return the face-presence probability in [0, 1].
     */
    public float run(final RgbImage image, final FaceRoi roi, final float[] out)
    {
        if (out.length < 3 * LANDMARKS)
        {
            throw new IllegalArgumentException("landmark buffer needs " + 3 * LANDMARKS + " floats, got "
                + out.length);
        }
        roi.toAffine(INPUT_SIZE, map);
        AffineSampler.sample(image, map, INPUT_SIZE, model.input(), 0f, 1f, false, 0f);
        model.invoke();
        final FloatBuffer lm = model.output(0);
        final double k = roi.size() / INPUT_SIZE;
        for (int i = 0; i < LANDMARKS; i++)
        {
            final double u = lm.get(3 * i);
            final double v = lm.get(3 * i + 1);
            out[3 * i] = (float)(map[0] * u + map[1] * v + map[2]);
            out[3 * i + 1] = (float)(map[3] * u + map[4] * v + map[5]);
            out[3 * i + 2] = (float)(lm.get(3 * i + 2) * k);
        }
        return (float)(1.0 / (1.0 + Math.exp(-model.output(1).get(0))));
    }

    @Override
    public void close()
    {
        model.close();
    }
}
