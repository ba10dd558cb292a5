package io.avatar.models.style.extract;

import io.avatar.models.face.detect.FaceLandmarker;
import io.avatar.models.face.detect.FaceMesh;
import io.avatar.models.face.detect.FacePose;
import io.avatar.models.face.detect.PoseSolver;
import io.avatar.models.face.detect.ProcrustesReference;
import io.avatar.models.image.RgbImage;
import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.FaceRig;
import io.avatar.models.rig.HeadPose;
import io.avatar.models.style.StyleCode;
import io.avatar.models.style.StyleFile;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Extracts a speaking style from a reference video: decodes it streaming (any container and codec FFmpeg reads,
 * variable frame rate through the frames' timestamps), tracks the largest face (re-detecting when it is lost and
 * after scene cuts), smooths the landmarks with a one-euro filter, solves the head pose per frame (weighted
 * Procrustes against the canonical mesh) and the rig weights (bounded least squares of the landmark displacements
 * from the subject's own neutral, estimated from the clip's frames with the least mouth opening), resamples the motion
 * to 25 fps, and computes the style code of the longest usable segment. Memory is bounded: per 25 fps frame only 52
 * projected landmark numbers and 6 pose numbers are kept, plus a fixed reservoir of frames for the neutral.
 * <p>
 * Not thread-safe (it owns a {@link FaceLandmarker}): one instance per thread. {@link #close()} frees the models.
 */
public final class StyleExtractor implements AutoCloseable
{
    /** Frame rate of the extracted motion. */
    public static final int FPS = 25;
    /** Longest run of source frames without a face that is bridged by interpolation; longer gaps split. */
    public static final int MAX_BRIDGE = 5;
    /** Least usable face, seconds (in the longest segment). */
    public static final double MIN_SECONDS = 2.0;
    /** Frames whose longer side exceeds this are downscaled (area filter) before detection. */
    public static final int MAX_DETECT_SIDE = 1280;
    /** Longest motion kept, 25 fps frames (3 hours); reading stops there. */
    public static final int MAX_FRAMES = FPS * 3 * 3600;
    /** Luma-histogram L1 distance (0..2) between consecutive frames that counts as a scene cut. */
    static final double CUT_HISTOGRAM = 0.5;
    /** Landmark-centroid jump between consecutive frames, in face sizes, that counts as a scene cut. */
    static final double CUT_JUMP = 0.35;
    /** Frames kept (reservoir sample) to estimate the neutral. */
    static final int RESERVOIR = 400;
    /** Fraction of the reservoir, by least mouth opening, whose median is the neutral. */
    static final double NEUTRAL_FRACTION = 0.25;
    /** Neck pivot of head rotations, canonical frame cm: the renderer's (BuiltInAvatar), so clips replay alike. */
    static final double[] NECK_PIVOT = {0, -6, -4};
    /** Face frames whose estimated depth scales' median is then held for the rest of the clip. */
    static final int DEPTH_FRAMES = 15;
    /** One-euro cutoff at rest of the canonical landmarks the expression is read from, Hz (speech: 3-6 Hz). */
    static final double EXPRESSION_MIN_CUTOFF = 6.0;
    /** One-euro cutoff rise per cm/s of canonical landmark speed, Hz. */
    static final double EXPRESSION_BETA = 2.0;
    /**
     * Cutoff (Hz, -6 dB; 0.97 passed at 2 Hz, 0.004 at 6 Hz) of the zero-phase low-pass ({@link ZeroPhaseLowPass}) on
     * the neck pivot's translation before the style code takes its velocity std. Why: the translation is the face's
     * image position (well observed) plus {@code (R - I) pivot} (toNeckPivot), so every frame-to-frame error of the
     * solved rotation reaches it times the lever arm from the neck to the face. Measured on the built-in avatar
     * (StyleExtractTest's head clips, 256 px H.264): the vertical translation's error follows the pitch error at
     * 4.6-6.1 cm/rad (their differences correlate 0.8-0.9), is 10x the error on a still face, and has 57-86% of its
     * difference power above 2 Hz; it read the velocity std 1.20x at level 1.0 and 1.01x at 2.5 (additive: the error
     * does not scale with the motion). A neck pivot moved by the torso (sway, leaning) carries little above 2 Hz, so
     * a low-pass there is a prior on the quantity, not a fit to one clip; rotation is not filtered (nods are faster,
     * and the angles' own error is small next to their motion).
     */
    static final double TRANSLATION_CUTOFF_HZ = 3.0;
    private static final int BINS = 32;
    private static final int UPPER_INNER_LIP = 13;
    private static final int LOWER_INNER_LIP = 14;
    private static final int N = ArkitBlendshape.COUNT;
    private static final int P = HeadPose.SIZE;

    private final FaceLandmarker landmarker;
    private final ProcrustesReference reference;
    private final RigSolver solver;
    private final PoseSolver poseSolver = new PoseSolver(FaceMesh.LANDMARKS);

    /** Progress of an extraction, called on the extracting thread every few frames and at the end. */
    @FunctionalInterface
    public interface Progress
    {
        /**
         * @param framesRead      frames decoded so far.
         * @param seconds         media time reached, seconds.
         * @param durationSeconds the container's duration, or 0 when unknown.
         */
        void update(long framesRead, double seconds, double durationSeconds);
    }

    /**
     * @param landmarker face tracker (owned by this extractor from now on: closed by {@link #close()}).
     * @param reference  canonical mesh and Procrustes weights.
     * @param rig        the rig whose weights are solved.
     */
    public StyleExtractor(final FaceLandmarker landmarker, final ProcrustesReference reference, final FaceRig rig)
    {
        this.landmarker = landmarker;
        this.reference = reference;
        this.solver = new RigSolver(rig);
    }

    /**
     * Opens the default models and the shipped rig. Any thread; the extractor then belongs to it.
     *
     * @return an extractor.
     * @throws IOException when an asset cannot be loaded.
     */
    public static StyleExtractor openDefault() throws IOException
    {
        final FaceRig rig = FaceRig.loadDefault();
        final ProcrustesReference ref = ProcrustesReference.openDefault();
        return new StyleExtractor(FaceLandmarker.open(), ref, rig);
    }

    /**
     * Extracts the style of a video. Owner thread.
     *
     * @param video    the file.
     * @param progress called every few frames, or null.
     * @return the style and the report.
     * @throws StyleExtractionException when the file is missing, not a video, corrupt, has no face, or has less
     *                                  than {@link #MIN_SECONDS} of usable face.
     * @throws IOException              on other read failures.
     */
    public ExtractionReport extract(final Path video, final Progress progress) throws IOException
    {
        if (!Files.isRegularFile(video))
        {
            throw new StyleExtractionException(video, Files.exists(video) ? "not a regular file" : "no such file");
        }
        if (Files.size(video) == 0)
        {
            throw new StyleExtractionException(video, "the file is empty");
        }
        FFmpegFrameGrabber grabber = open(video, 0, 0);
        String scaledFrom = null;
        try
        {
            final int w = grabber.getImageWidth();
            final int h = grabber.getImageHeight();
            if (Math.max(w, h) > MAX_DETECT_SIDE)
            {
                final double s = (double)MAX_DETECT_SIDE / Math.max(w, h);
                final int sw = Math.max(2, (int)Math.round(w * s) & ~1);
                final int sh = Math.max(2, (int)Math.round(h * s) & ~1);
                grabber.close();
                grabber = open(video, sw, sh);
                scaledFrom = w + "x" + h;
            }
            final Run run = new Run(video, grabber, progress);
            run.read();
            return run.finish(scaledFrom);
        }
        finally
        {
            closeQuietly(grabber);
        }
    }

    private static FFmpegFrameGrabber open(final Path video, final int width, final int height)
        throws StyleExtractionException
    {
        final FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile());
        g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        if (width > 0)
        {
            g.setImageWidth(width);
            g.setImageHeight(height);
            g.setImageScalingFlags(swscale.SWS_AREA);
        }
        try
        {
            // startUnsafe: start() takes one JVM-wide lock (DEPENDENCIES.md)
            g.startUnsafe();
        }
        catch (final FrameGrabber.Exception | RuntimeException ex)
        {
            closeQuietly(g);
            throw new StyleExtractionException(video, "FFmpeg cannot open it as a video (unsupported or corrupt file): "
                + ex.getMessage(), ex);
        }
        if (!g.hasVideo() || g.getImageWidth() <= 0 || g.getImageHeight() <= 0)
        {
            final String format = g.getFormat();
            closeQuietly(g);
            throw new StyleExtractionException(video, "no video stream in this " + format + " file"
                + " (audio only?)");
        }
        return g;
    }

    private static void closeQuietly(final FFmpegFrameGrabber g)
    {
        try
        {
            g.close();
        }
        catch (final FrameGrabber.Exception | RuntimeException ignored)
        {
            // closing after a failure: the first error is the one to report
        }
    }

    /** Frees the face models. Owner thread. */
    @Override
    public void close()
    {
        landmarker.close();
    }

    /** The state of one extraction (one video). */
    private final class Run
    {
        private final Path video;
        private final FFmpegFrameGrabber grabber;
        private final Progress progress;
        private final float[] lm = new float[3 * FaceMesh.LANDMARKS];
        private final float[] canon = new float[3 * FaceMesh.LANDMARKS];
        private final float[] raw = new float[3 * FaceMesh.LANDMARKS];
        private final OneEuroFilter expressionFilter = new OneEuroFilter(3 * FaceMesh.LANDMARKS,
            EXPRESSION_MIN_CUTOFF, EXPRESSION_BETA, 1.0);
        private final float[] poseNow = new float[P];
        private final float[] posePrev = new float[P];
        private final float[] projNow = new float[N];
        private final float[] projPrev = new float[N];
        private final double[] histogram = new double[BINS];
        private final double[] faceHistogram = new double[BINS];
        private final FacePose pose = new FacePose();
        private final PerspectiveCanonicaliser canonicaliser = new PerspectiveCanonicaliser(FaceMesh.LANDMARKS);
        private final OneEuroFilter filter = new OneEuroFilter(3 * FaceMesh.LANDMARKS, 2.5, 0.02, 1.0);
        private final SplittableRandom random = new SplittableRandom(1);
        private float[][] reservoir = new float[0][];
        private float[] reservoirMouth = new float[0];
        private long reservoirSeen;
        private RgbImage image;
        private GrowingFloats proj = new GrowingFloats(N * FPS * 60);
        private GrowingFloats poses = new GrowingFloats(P * FPS * 60);
        private int[] segmentStart = new int[8];
        private int segments;
        private long framesRead;
        private long framesWithFace;
        private long framesBridged;
        private long framesExcluded;
        private int shots = 1;
        private int gap;
        private boolean segmentOpen;
        private boolean hadFaceFrame;
        private int mostFaces;
        private double lastTime = Double.NaN;
        private double tPrev;
        private double nextTick;
        private double prevCx = Double.NaN;
        private double prevCy;
        private boolean truncated;
        private final double[] depthScales = new double[DEPTH_FRAMES];
        private int depthSamples;
        private double depthScale = Double.NaN;
        /** Face scale (px/cm) of the first frames, held: it sets the assumed focal length of the expression path. */
        private final double[] faceScales = new double[DEPTH_FRAMES];
        private double focalScale = Double.NaN;

        Run(final Path video, final FFmpegFrameGrabber grabber, final Progress progress)
        {
            this.video = video;
            this.grabber = grabber;
            this.progress = progress;
            // a new video: its first face is detected afresh, not looked for where the previous video's face ended
            // (the extractor is reused across videos; the tracked crop made the result depend on what came before)
            landmarker.resetTracking();
        }

        void read() throws IOException
        {
            final double duration = Math.max(0, grabber.getLengthInTime() / 1e6);
            final double frameRate = grabber.getFrameRate() > 0 ? grabber.getFrameRate() : FPS;
            while (true)
            {
                final Frame f;
                try
                {
                    f = grabber.grabImage();
                }
                catch (final FrameGrabber.Exception | RuntimeException ex)
                {
                    throw new StyleExtractionException(video, "decoding failed after " + framesRead + " frames: "
                        + ex.getMessage(), ex);
                }
                if (f == null)
                {
                    break;
                }
                if (f.image == null || f.imageWidth <= 0)
                {
                    continue;
                }
                double t = f.timestamp / 1e6;
                if (!(t > lastTime))
                {
                    t = Double.isNaN(lastTime) ? 0 : lastTime + 1.0 / frameRate;
                }
                lastTime = t;
                framesRead++;
                frame(f, t);
                if (progress != null && framesRead % 10 == 0)
                {
                    progress.update(framesRead, t, duration);
                }
                if (proj.size() >= (long)N * MAX_FRAMES)
                {
                    truncated = true;
                    break;
                }
            }
            framesExcluded += gap;
            if (progress != null)
            {
                progress.update(framesRead, Double.isNaN(lastTime) ? 0 : lastTime, duration);
            }
        }

        private void frame(final Frame f, final double t)
        {
            boolean changed = false;
            if (image == null || image.width() != f.imageWidth || image.height() != f.imageHeight)
            {
                changed = image != null;
                image = RgbImage.allocate(f.imageWidth, f.imageHeight, video.getFileName().toString());
            }
            image.copyFrom((ByteBuffer)f.image[0], f.imageStride, true);
            histogram(image.rgb(), histogram);
            // compared with the last frame that had a face, so that black or faceless frames inside a shot do not
            // count as cuts (the gap is bridged or splits by its length); a cut inside a gap shows at the next face
            if (hadFaceFrame)
            {
                double d = 0;
                for (int i = 0; i < BINS; i++)
                {
                    d += Math.abs(histogram[i] - faceHistogram[i]);
                }
                changed |= d > CUT_HISTOGRAM;
            }
            if (changed)
            {
                // the picture changed: look for the face afresh rather than in the old one's place
                landmarker.resetTracking();
            }
            final FaceLandmarker.TrackStatus status = landmarker.track(image, lm);
            if (status != FaceLandmarker.TrackStatus.TRACKED)
            {
                mostFaces = Math.max(mostFaces, landmarker.lastFaceCount());
            }
            if (status != FaceLandmarker.TrackStatus.TRACKED && status != FaceLandmarker.TrackStatus.DETECTED)
            {
                gap++;
                return;
            }
            if (changed)
            {
                newShot();
            }
            System.arraycopy(histogram, 0, faceHistogram, 0, BINS);
            hadFaceFrame = true;
            // a face that jumps across the frame is another shot (or another face) even if the histogram held
            double minX = Double.MAX_VALUE;
            double maxX = -Double.MAX_VALUE;
            double cx = 0;
            double cy = 0;
            for (int i = 0; i < FaceMesh.LANDMARKS; i++)
            {
                cx += lm[3 * i];
                cy += lm[3 * i + 1];
                minX = Math.min(minX, lm[3 * i]);
                maxX = Math.max(maxX, lm[3 * i]);
            }
            cx /= FaceMesh.LANDMARKS;
            cy /= FaceMesh.LANDMARKS;
            if (segmentOpen && gap == 0 && !Double.isNaN(prevCx)
                && Math.hypot(cx - prevCx, cy - prevCy) > CUT_JUMP * (maxX - minX))
            {
                newShot();
            }
            prevCx = cx;
            prevCy = cy;
            framesWithFace++;
            final boolean newSegment = !segmentOpen || gap > MAX_BRIDGE;
            if (segmentOpen && gap <= MAX_BRIDGE)
            {
                framesBridged += gap;
            }
            else
            {
                framesExcluded += gap;
            }
            gap = 0;
            if (newSegment)
            {
                filter.reset();
                expressionFilter.reset();
            }
            System.arraycopy(lm, 0, raw, 0, raw.length);
            filter.filter(lm, t);
            // the depth scale is estimated on the first frames only, then held: re-estimating it per frame shows up
            // as pitch jitter (docs/FACE_DETECT.md)
            if (depthSamples < DEPTH_FRAMES)
            {
                poseSolver.solve(lm, reference.vertices(), reference.weights(), pose);
                faceScales[depthSamples] = pose.scale();
                depthScales[depthSamples++] = pose.depthScale();
                if (depthSamples == DEPTH_FRAMES)
                {
                    final double[] sorted = depthScales.clone();
                    Arrays.sort(sorted);
                    depthScale = sorted[DEPTH_FRAMES / 2];
                    final double[] scales = faceScales.clone();
                    Arrays.sort(scales);
                    focalScale = scales[DEPTH_FRAMES / 2];
                }
            }
            else
            {
                poseSolver.solve(lm, reference.vertices(), reference.weights(), depthScale, pose);
            }
            pose.toHeadPose(poseNow, 0, image.width(), image.height());
            toNeckPivot(pose.rotation(), poseNow);
            // the expression is read from the unsmoothed landmarks, brought into the canonical frame by their own pose
            // (the smoothed pose lags a turning head: a rotation left in the landmarks reads as expression), then
            // filtered there with a cutoff speech passes (the pose's 2.5 Hz filter took 23% off jawOpen's std)
            // the canonical frame by a perspective pose (an assumed camera distance; PerspectiveCanonicaliser): the
            // scaled-orthographic one over-reads turns and what it leaves reads as brow and mouth motion
            canonicaliser.canonicalise(raw, reference.vertices(), reference.weights(),
                Double.isNaN(focalScale) ? pose.scale() : focalScale,
                Double.isNaN(depthScale) ? pose.depthScale() : depthScale, image.width(), image.height(), canon);
            expressionFilter.filter(canon, t);
            solver.project(canon, projNow, 0);
            sample(canon);
            if (newSegment)
            {
                startSegment(t);
            }
            emit(t);
        }

        /** Ends the current segment: a new shot starts with this frame's face. */
        private void newShot()
        {
            shots++;
            filter.reset();
            expressionFilter.reset();
            segmentOpen = false;
            framesExcluded += gap;
            gap = 0;
            prevCx = Double.NaN;
        }

        private void startSegment(final double t)
        {
            if (segments == segmentStart.length)
            {
                segmentStart = Arrays.copyOf(segmentStart, 2 * segments);
            }
            segmentStart[segments++] = poses.size() / P;
            segmentOpen = true;
            tPrev = t;
            nextTick = t;
            System.arraycopy(projNow, 0, projPrev, 0, N);
            System.arraycopy(poseNow, 0, posePrev, 0, P);
        }

        /** Appends the 25 fps ticks up to time t, interpolated between the previous face frame and this one. */
        private void emit(final double t)
        {
            while (nextTick <= t + 1e-9)
            {
                final double a = t > tPrev ? (nextTick - tPrev) / (t - tPrev) : 1.0;
                for (int k = 0; k < N; k++)
                {
                    proj.add((float)(projPrev[k] + a * (projNow[k] - projPrev[k])));
                }
                for (int k = 0; k < P; k++)
                {
                    poses.add((float)(posePrev[k] + a * (poseNow[k] - posePrev[k])));
                }
                nextTick += 1.0 / FPS;
            }
            tPrev = t;
            System.arraycopy(projNow, 0, projPrev, 0, N);
            System.arraycopy(poseNow, 0, posePrev, 0, P);
        }

        /** Reservoir sample of canonical-frame landmarks with their mouth opening, for the neutral. */
        private void sample(final float[] c)
        {
            reservoirSeen++;
            final int slot;
            if (reservoir.length < RESERVOIR)
            {
                reservoir = Arrays.copyOf(reservoir, reservoir.length + 1);
                reservoirMouth = Arrays.copyOf(reservoirMouth, reservoirMouth.length + 1);
                slot = reservoir.length - 1;
                reservoir[slot] = new float[c.length];
            }
            else
            {
                final long r = random.nextLong(reservoirSeen);
                if (r >= RESERVOIR)
                {
                    return;
                }
                slot = (int)r;
            }
            System.arraycopy(c, 0, reservoir[slot], 0, c.length);
            reservoirMouth[slot] = mouthOpening(c);
        }

        ExtractionReport finish(final String scaledFrom) throws StyleExtractionException
        {
            if (framesRead == 0)
            {
                throw new StyleExtractionException(video, "no video frames could be decoded");
            }
            if (framesWithFace == 0)
            {
                throw new StyleExtractionException(video, "no face found in any of the " + framesRead + " frames");
            }
            final int total = poses.size() / P;
            int best = 0;
            int bestLen = 0;
            for (int s = 0; s < segments; s++)
            {
                final int end = s + 1 < segments ? segmentStart[s + 1] : total;
                if (end - segmentStart[s] > bestLen)
                {
                    bestLen = end - segmentStart[s];
                    best = s;
                }
            }
            if (bestLen < MIN_SECONDS * FPS)
            {
                throw new StyleExtractionException(video, String.format(Locale.ROOT, "too little usable face: the"
                    + " longest run with a face is %.2f s (%d frames at 25 fps, %d of %d source frames had a face, %d"
                    + " shot(s)); at least %.0f s is needed", bestLen / (double)FPS, bestLen, framesWithFace,
                    framesRead, shots, MIN_SECONDS));
            }
            final float[] neutral = neutral();
            final float[] neutralProj = new float[N];
            solver.project(neutral, neutralProj, 0);
            final int first = segmentStart[best];
            final float[] weights = new float[bestLen * N];
            final float[] p = new float[bestLen * P];
            final float[] projected = proj.array();
            // the detector's pose-dependent drift of a neutral face reads as expression: take out what the head's
            // angles (and squared pitch and yaw) explain over the segment (PoseDecorrelator)
            PoseDecorrelator.apply(projected, first * N, N, poses.array(), first * P, bestLen);
            for (int i = 0; i < bestLen; i++)
            {
                if (i > 0)
                {
                    System.arraycopy(weights, (i - 1) * N, weights, i * N, N);
                }
                solver.solve(projected, (first + i) * N, neutralProj, weights, i * N);
            }
            System.arraycopy(poses.array(), first * P, p, 0, bestLen * P);
            for (final int axis : new int[]{HeadPose.TX, HeadPose.TY})
            {
                // the neck pivot translates with the torso, slowly; what it gets above TRANSLATION_CUTOFF_HZ is the
                // rotation's frame-to-frame error carried by the pivot's lever arm (toNeckPivot), see the constant
                ZeroPhaseLowPass.apply(p, axis, P, bestLen, TRANSLATION_CUTOFF_HZ, FPS);
                // the face's place in the picture is not head motion: centre the translation on the segment's mean
                double mean = 0;
                for (int i = 0; i < bestLen; i++)
                {
                    mean += p[i * P + axis];
                }
                mean /= bestLen;
                for (int i = 0; i < bestLen; i++)
                {
                    p[i * P + axis] -= (float)mean;
                }
            }
            final StyleCode code = StyleCode.compute(weights, p, bestLen);
            final String name = baseName(video);
            final String provenance = String.format(Locale.ROOT, "extracted from %s by avatar style extract:"
                + " %d frames read, face in %d, %d bridged, %d excluded; %d shot(s), %d segment(s), at most %d"
                + " face(s) in a frame (the largest tracked); code and motion"
                + " from the longest segment #%d (%d frames at 25 fps, %.1f s)%s%s; head pose by weighted Procrustes"
                + " against the canonical mesh (yaw reads low on re-detected turns, docs/FACE_DETECT.md), rig weights"
                + " by bounded least squares against the subject's neutral (median of the %.0f%% of sampled frames"
                + " with the least mouth opening), read from unsmoothed landmarks brought into the canonical frame by"
                + " a perspective pose solve (head assumed 65 cm from the camera), with the part the head angles"
                + " explain (pitch, yaw, roll, pitch^2, yaw^2) removed; the neck pivot's translation low-passed at"
                + " %.0f Hz (zero phase)", video.getFileName(), framesRead, framesWithFace, framesBridged,
                framesExcluded, shots, segments, mostFaces, best, bestLen, bestLen / (double)FPS,
                scaledFrom == null ? "" : ", downscaled from " + scaledFrom,
                truncated ? ", reading stopped at the " + MAX_FRAMES / FPS / 3600 + " h limit" : "",
                100 * NEUTRAL_FRACTION, TRANSLATION_CUTOFF_HZ);
            final StyleFile style = new StyleFile(name, provenance, FPS, code,
                new StyleFile.MotionClip(bestLen, weights, p));
            return new ExtractionReport(style, framesRead, framesWithFace, framesBridged, framesExcluded, shots,
                segments, best, bestLen, total, mostFaces, scaledFrom);
        }

        /** Per-coordinate median of the sampled frames with the least mouth opening. */
        private float[] neutral()
        {
            final int n = reservoir.length;
            final float[] sortedMouth = reservoirMouth.clone();
            Arrays.sort(sortedMouth);
            final float limit = sortedMouth[Math.min(n - 1, (int)(NEUTRAL_FRACTION * n))];
            int m = 0;
            final int[] chosen = new int[n];
            for (int i = 0; i < n; i++)
            {
                if (reservoirMouth[i] <= limit)
                {
                    chosen[m++] = i;
                }
            }
            final float[] out = new float[3 * FaceMesh.LANDMARKS];
            final float[] column = new float[m];
            for (int c = 0; c < out.length; c++)
            {
                for (int j = 0; j < m; j++)
                {
                    column[j] = reservoir[chosen[j]][c];
                }
                Arrays.sort(column);
                out[c] = (m & 1) == 1 ? column[m / 2] : 0.5f * (column[m / 2 - 1] + column[m / 2]);
            }
            return out;
        }
    }

    /**
     * The solver's translation is that of the canonical mesh's origin, which a head turning on its neck also moves:
     * {@code origin = (I - R) pivot + t}. Head-pose translation is the neck pivot's ({@code t}), as renderers apply it,
     * so the rotation's share is taken out: {@code t = origin + (R - I) pivot}.
     */
    private static void toNeckPivot(final double[] r, final float[] p)
    {
        final double px = NECK_PIVOT[0];
        final double py = NECK_PIVOT[1];
        final double pz = NECK_PIVOT[2];
        p[HeadPose.TX] += (float)((r[0] - 1) * px + r[1] * py + r[2] * pz);
        p[HeadPose.TY] += (float)(r[3] * px + (r[4] - 1) * py + r[5] * pz);
    }

    private static float mouthOpening(final float[] canonical)
    {
        final float dx = canonical[3 * UPPER_INNER_LIP] - canonical[3 * LOWER_INNER_LIP];
        final float dy = canonical[3 * UPPER_INNER_LIP + 1] - canonical[3 * LOWER_INNER_LIP + 1];
        return (float)Math.hypot(dx, dy);
    }

    /** Normalised 32-bin luma histogram of every 7th pixel (row-major, so rows are sampled too). */
    private static void histogram(final byte[] rgb, final double[] out)
    {
        Arrays.fill(out, 0);
        final int pixels = rgb.length / 3;
        int count = 0;
        for (int p = 0; p < pixels; p += 7)
        {
            final int o = 3 * p;
            final int y = (77 * (rgb[o] & 0xff) + 150 * (rgb[o + 1] & 0xff) + 29 * (rgb[o + 2] & 0xff)) >> 8;
            out[y * BINS >> 8]++;
            count++;
        }
        for (int i = 0; i < BINS; i++)
        {
            out[i] /= count;
        }
    }

    private static String baseName(final Path video)
    {
        final String f = video.getFileName().toString();
        final int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }

    /** A float list that grows by doubling. */
    private static final class GrowingFloats
    {
        private float[] data;
        private int size;

        GrowingFloats(final int capacity)
        {
            data = new float[capacity];
        }

        void add(final float v)
        {
            if (size == data.length)
            {
                data = Arrays.copyOf(data, data.length * 2);
            }
            data[size++] = v;
        }

        int size()
        {
            return size;
        }

        float[] array()
        {
            return data;
        }
    }
}
