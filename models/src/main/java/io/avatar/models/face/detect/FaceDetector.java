package io.avatar.models.face.detect;

import io.avatar.models.image.RgbImage;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MediaPipe's short-range face detector ({@code face_detection_short_range.tflite}, BlazeFace): the image is
 * letterboxed into 1x128x128x3 in [-1, 1], the 896 SSD anchors are decoded into boxes and six keypoints, scores go
 * through a sigmoid, and overlapping boxes are merged by weighted non-maximum suppression, as MediaPipe's
 * {@code face_detection_short_range_common} graph does. Faces smaller than about a tenth of the image's longer side
 * are below what this model sees.
 * <p>
 * All buffers are preallocated; {@link #detect} allocates only the returned list. Not thread-safe: one instance per
 * thread. {@link #close()} frees the interpreter.
 */
public final class FaceDetector implements AutoCloseable
{
    /** Input side of the model, pixels. */
    public static final int INPUT_SIZE = 128;
    /** Number of anchors the model predicts for. */
    public static final int ANCHORS = 896;
    /** Default minimum score (MediaPipe's {@code min_score_thresh}). */
    public static final float MIN_SCORE_DEFAULT = 0.5f;
    private static final int COORDS = 16;
    private static final float SCORE_CLIP = 100f;
    private static final float NMS_IOU = 0.3f;
    private static final int MAX_LEVELS = 3;
    /** Shrink factor from which the letterbox is area-averaged rather than bilinear-sampled. */
    private static final double AREA_SAMPLING_MIN_SCALE = 1.5;
    /**
     * Minimum score of detections from tiles. Small tiles show the model face-like texture (badges, folds) at the
     * scale it expects faces, and such false detections reached 0.68 in tests where real faces in tiles scored
     * 0.88 and more; the whole-image pass keeps the caller's threshold.
     */
    public static final float TILE_MIN_SCORE = 0.75f;

    private final TfliteModel model;
    private final float[] anchors = new float[2 * ANCHORS];
    private final float[] boxes = new float[4 * ANCHORS];     // xmin, ymin, xmax, ymax in input pixels
    private final float[] keypoints = new float[12 * ANCHORS];
    private final float[] scores = new float[ANCHORS];
    private final int[] order = new int[ANCHORS];
    private final boolean[] used = new boolean[ANCHORS];
    private final double[] map = new double[6];
    private final double[] nmsKeypoints = new double[12];
    private final float[] keypointScratch = new float[2 * Face.KEYPOINTS];
    private final AreaSampler areaSampler = new AreaSampler(INPUT_SIZE);
    private float lastBestScore;

    /**
     * Loads the model.
     *
     * @param modelFile {@code face_detection_short_range.tflite}.
     * @param threads   interpreter threads (1..16).
     */
    public FaceDetector(final Path modelFile, final int threads)
    {
        model = new TfliteModel(modelFile, threads, new int[] {1, INPUT_SIZE, INPUT_SIZE, 3},
            new int[] {1, ANCHORS, COORDS}, new int[] {1, ANCHORS, 1});
        generateAnchors(anchors);
    }

    /**
     * MediaPipe SsdAnchorsCalculator for the short-range model: strides 8, 16, 16, 16 (layers with equal strides
     * share one grid), two anchors per layer (aspect ratio 1 and the interpolated scale), offset 0.5, fixed size:
     * a 16x16 grid with 2 anchors per cell, then an 8x8 grid with 6.
     */
    static void generateAnchors(final float[] out)
    {
        final int[] strides = {8, 16, 16, 16};
        int n = 0;
        int layer = 0;
        while (layer < strides.length)
        {
            int last = layer;
            while (last < strides.length && strides[last] == strides[layer])
            {
                last++;
            }
            final int perCell = 2 * (last - layer);
            final int grid = (INPUT_SIZE + strides[layer] - 1) / strides[layer];
            for (int y = 0; y < grid; y++)
            {
                for (int x = 0; x < grid; x++)
                {
                    for (int a = 0; a < perCell; a++)
                    {
                        out[2 * n] = (x + 0.5f) / grid;
                        out[2 * n + 1] = (y + 0.5f) / grid;
                        n++;
                    }
                }
            }
            layer = last;
        }
        if (n != ANCHORS)
        {
            throw new IllegalStateException("anchor generation produced " + n + " anchors, expected " + ANCHORS);
        }
    }

    /**
     * Finds faces in one pass over the whole image (letterboxed), highest score first. Faces under about a tenth of
     * the image's longer side are missed; see {@link #detectMultiScale}. Caller's thread (the detector's owner).
     *
     * @param image    the image.
     * @param minScore the minimum score, e.g. {@link #MIN_SCORE_DEFAULT}.
     * @return the faces found, in image pixels, possibly none.
     */
    public List<Face> detect(final RgbImage image, final float minScore)
    {
        final List<Face> faces = new ArrayList<>();
        final int side = Math.max(image.width(), image.height());
        lastBestScore = 0;
        pass(image, 0.5 * (image.width() - side), 0.5 * (image.height() - side), side, minScore, false, faces);
        return faces;
    }

    /**
     * Finds faces at several scales: the whole image, then overlapping square tiles of half and a quarter of its
     * longer side (at most {@value #MAX_LEVELS} levels, tiles no smaller than {@code 3 * minFaceSize}), merged by
     * non-maximum suppression; tile detections need at least {@link #TILE_MIN_SCORE}. Finds faces down to about {@code minFaceSize} pixels in large or wide pictures (a
     * group photo, two portraits side by side) at the cost of up to ~60 model runs. Caller's thread.
     *
     * @param image       the image.
     * @param minScore    the minimum score.
     * @param minFaceSize the smallest face worth finding, pixels.
     * @return the faces found, highest score first.
     */
    public List<Face> detectMultiScale(final RgbImage image, final float minScore, final int minFaceSize)
    {
        final int w = image.width();
        final int h = image.height();
        final List<Face> all = new ArrayList<>();
        int side = Math.max(w, h);
        lastBestScore = 0;
        pass(image, 0.5 * (w - side), 0.5 * (h - side), side, minScore, false, all);
        final int smallest = Math.max(INPUT_SIZE / 2, 3 * minFaceSize);
        for (int level = 1; level < MAX_LEVELS; level++)
        {
            side /= 2;
            if (side < smallest)
            {
                break;
            }
            final int stride = side / 2;
            for (double ty : tilePositions(h, side, stride))
            {
                for (double tx : tilePositions(w, side, stride))
                {
                    pass(image, tx, ty, side, Math.max(minScore, TILE_MIN_SCORE), true, all);
                }
            }
        }
        all.sort((a, b) -> Float.compare(b.score(), a.score()));
        final List<Face> kept = new ArrayList<>();
        for (final Face f : all)
        {
            boolean duplicate = false;
            for (final Face k : kept)
            {
                if (overlaps(f, k))
                {
                    duplicate = true;
                    break;
                }
            }
            if (!duplicate)
            {
                kept.add(f);
            }
        }
        return kept;
    }

    private static double[] tilePositions(final int length, final int side, final int stride)
    {
        if (length <= side)
        {
            return new double[] {0.5 * (length - side)};
        }
        final int n = (length - side + stride - 1) / stride + 1;
        final double[] pos = new double[n];
        for (int i = 0; i < n; i++)
        {
            pos[i] = Math.min(i * stride, length - side); // the last tile is flush with the far edge
        }
        return pos;
    }

    /** Same face seen twice: boxes overlap by IoU > 0.3 or the smaller lies mostly inside the larger. */
    private static boolean overlaps(final Face a, final Face b)
    {
        final float ix = Math.max(0, Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x()));
        final float iy = Math.max(0, Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y()));
        final float inter = ix * iy;
        final float areaA = a.width() * a.height();
        final float areaB = b.width() * b.height();
        return inter > NMS_IOU * (areaA + areaB - inter) || inter > 0.6f * Math.min(areaA, areaB);
    }

    /**
     * One model run on the square {@code [x0, x0 + side) x [y0, y0 + side)} of the image (parts outside it padded).
     * With {@code dropCut}, detections touching a tile edge that is not the image edge are dropped: an overlapping
     * tile or a coarser level sees that face whole.
     */
    private void pass(final RgbImage image, final double x0, final double y0, final int side, final float minScore,
        final boolean dropCut, final List<Face> faces)
    {
        final double s = (double)side / INPUT_SIZE;
        map[0] = s;
        map[1] = 0;
        map[2] = x0;
        map[3] = 0;
        map[4] = s;
        map[5] = y0;
        if (s >= AREA_SAMPLING_MIN_SCALE)
        {
            areaSampler.sample(image, x0, y0, side, INPUT_SIZE, model.input(), -1f, 1f, 0f);
        }
        else
        {
            AffineSampler.sample(image, map, INPUT_SIZE, model.input(), -1f, 1f, true, 0f);
        }
        model.invoke();
        final int count = decode(minScore);
        final float margin = 0.02f * side;
        final float[] kp = keypointScratch;
        for (int c = 0; c < count; c++)
        {
            final int i = order[c];
            final float bx0 = (float)(boxes[4 * i] * s + x0);
            final float by0 = (float)(boxes[4 * i + 1] * s + y0);
            final float bx1 = (float)(boxes[4 * i + 2] * s + x0);
            final float by1 = (float)(boxes[4 * i + 3] * s + y0);
            if (dropCut && (bx0 < x0 + margin && x0 > 0 || by0 < y0 + margin && y0 > 0
                || bx1 > x0 + side - margin && x0 + side < image.width()
                || by1 > y0 + side - margin && y0 + side < image.height()))
            {
                continue;
            }
            for (int k = 0; k < Face.KEYPOINTS; k++)
            {
                kp[2 * k] = (float)(keypoints[12 * i + 2 * k] * s + x0);
                kp[2 * k + 1] = (float)(keypoints[12 * i + 2 * k + 1] * s + y0);
            }
            faces.add(new Face(bx0, by0, bx1 - bx0, by1 - by0, scores[i], kp));
        }
    }

    /**
     * @return the highest face score of the last {@link #detect} or {@link #detectMultiScale} call (also when it
     *     was below the threshold), for error messages.
     */
    public float lastBestScore()
    {
        return lastBestScore;
    }

    /**
     * Decodes anchors and runs weighted NMS; leaves merged detections in {@code boxes/keypoints/scores} at the
     * indices {@code order[0..count)}.
     */
    private int decode(final float minScore)
    {
        final FloatBuffer reg = model.output(0);
        final FloatBuffer cls = model.output(1);
        final float scale = INPUT_SIZE;
        int candidates = 0;
        float best = 0;
        for (int i = 0; i < ANCHORS; i++)
        {
            final float raw = Math.max(-SCORE_CLIP, Math.min(SCORE_CLIP, cls.get(i)));
            final float score = (float)(1.0 / (1.0 + Math.exp(-raw)));
            best = Math.max(best, score);
            if (score < minScore)
            {
                continue;
            }
            final int r = i * COORDS;
            final float ax = anchors[2 * i] * scale;
            final float ay = anchors[2 * i + 1] * scale;
            // raw offsets are in input pixels relative to the anchor centre (x_scale = y_scale = 128, anchor size 1)
            final float cx = reg.get(r) + ax;
            final float cy = reg.get(r + 1) + ay;
            final float bw = reg.get(r + 2);
            final float bh = reg.get(r + 3);
            boxes[4 * i] = cx - 0.5f * bw;
            boxes[4 * i + 1] = cy - 0.5f * bh;
            boxes[4 * i + 2] = cx + 0.5f * bw;
            boxes[4 * i + 3] = cy + 0.5f * bh;
            for (int k = 0; k < 2 * Face.KEYPOINTS; k += 2)
            {
                keypoints[12 * i + k] = reg.get(r + 4 + k) + ax;
                keypoints[12 * i + k + 1] = reg.get(r + 5 + k) + ay;
            }
            scores[i] = score;
            order[candidates++] = i;
            used[i] = false;
        }
        lastBestScore = Math.max(lastBestScore, best);
        sortByScore(candidates);
        return weightedNms(candidates);
    }

    /** Insertion sort of order[0..n) by descending score: n is small (a few dozen above threshold). */
    private void sortByScore(final int n)
    {
        for (int a = 1; a < n; a++)
        {
            final int v = order[a];
            int b = a - 1;
            while (b >= 0 && scores[order[b]] < scores[v])
            {
                order[b + 1] = order[b];
                b--;
            }
            order[b + 1] = v;
        }
    }

    /**
     * MediaPipe's WEIGHTED suppression: the best remaining box absorbs every box overlapping it by IoU > 0.3, and
     * its coordinates become their score-weighted mean (steadier than keeping the single best box).
     */
    private int weightedNms(final int n)
    {
        int kept = 0;
        for (int a = 0; a < n; a++)
        {
            final int top = order[a];
            if (used[top])
            {
                continue;
            }
            double sw = 0;
            double x0 = 0;
            double y0 = 0;
            double x1 = 0;
            double y1 = 0;
            final double[] kp = nmsKeypoints;
            java.util.Arrays.fill(kp, 0);
            for (int b = a; b < n; b++)
            {
                final int j = order[b];
                if (used[j] || iou(top, j) <= NMS_IOU)
                {
                    continue;
                }
                used[j] = true;
                final double wj = scores[j];
                sw += wj;
                x0 += wj * boxes[4 * j];
                y0 += wj * boxes[4 * j + 1];
                x1 += wj * boxes[4 * j + 2];
                y1 += wj * boxes[4 * j + 3];
                for (int k = 0; k < 12; k++)
                {
                    kp[k] += wj * keypoints[12 * j + k];
                }
            }
            boxes[4 * top] = (float)(x0 / sw);
            boxes[4 * top + 1] = (float)(y0 / sw);
            boxes[4 * top + 2] = (float)(x1 / sw);
            boxes[4 * top + 3] = (float)(y1 / sw);
            for (int k = 0; k < 12; k++)
            {
                keypoints[12 * top + k] = (float)(kp[k] / sw);
            }
            // kept indices are compacted to the front of order[] (kept <= a, so nothing unread is overwritten)
            order[kept++] = top;
        }
        return kept;
    }

    private float iou(final int a, final int b)
    {
        final float ix0 = Math.max(boxes[4 * a], boxes[4 * b]);
        final float iy0 = Math.max(boxes[4 * a + 1], boxes[4 * b + 1]);
        final float ix1 = Math.min(boxes[4 * a + 2], boxes[4 * b + 2]);
        final float iy1 = Math.min(boxes[4 * a + 3], boxes[4 * b + 3]);
        final float inter = Math.max(0, ix1 - ix0) * Math.max(0, iy1 - iy0);
        final float areaA = (boxes[4 * a + 2] - boxes[4 * a]) * (boxes[4 * a + 3] - boxes[4 * a + 1]);
        final float areaB = (boxes[4 * b + 2] - boxes[4 * b]) * (boxes[4 * b + 3] - boxes[4 * b + 1]);
        final float union = areaA + areaB - inter;
        return union <= 0 ? 0 : inter / union;
    }

    @Override
    public void close()
    {
        model.close();
    }
}
