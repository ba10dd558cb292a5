package io.avatar.models.face.detect;

import io.avatar.models.assets.AssetId;
import io.avatar.models.assets.AssetStore;
import io.avatar.models.image.RgbImage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Faces and their 468 landmarks in stills and video: the detector, the face mesh, the choice of one face, and a
 * tracker that carries the crop from frame to frame and re-detects when the mesh loses the face.
 * <p>
 * Not thread-safe (it owns two interpreters and tracking state): one instance per thread or per video stream.
 * {@link #close()} frees the native models.
 */
public final class FaceLandmarker implements AutoCloseable
{
    /** Smallest usable face (larger box side), pixels. */
    public static final int MIN_FACE_SIZE_DEFAULT = 64;
    /** Face-mesh presence a detection needs to count as a face in {@link #detect}. */
    public static final float CONFIRM_PRESENCE = 0.9f;
    /** Interpreter threads used by {@link #open()}. */
    public static final int THREADS_DEFAULT = 1;

    private final FaceDetector detector;
    private final FaceMesh mesh;
    private final int minFaceSize;
    private final FaceRoi roi = new FaceRoi();
    private final FaceRoi checkRoi = new FaceRoi();
    private final float[] scratch = new float[3 * FaceMesh.LANDMARKS];
    private boolean tracking;
    private int lastRejected;
    private float lastPresence;
    private int lastFaceCount;

    /** What {@link #track} did with a frame. */
    public enum TrackStatus
    {
        /** Landmarks came from the previous frame's crop. */
        TRACKED,
        /** The face was (re-)detected in this frame. */
        DETECTED,
        /** No face in this frame; tracking restarts at the next one. */
        NO_FACE,
        /** The only faces found are smaller than the minimum size. */
        TOO_SMALL
    }

    /** The face chosen in an image, and whether others were passed over. */
    public static final class Selection
    {
        private final Face face;
        private final int faceCount;
        private final String warning;

        Selection(final Face face, final int faceCount, final String warning)
        {
            this.face = face;
            this.faceCount = faceCount;
            this.warning = warning;
        }

        /**
         * @return the chosen (largest) face.
         */
        public Face face()
        {
            return face;
        }

        /**
         * @return how many faces the detector found.
         */
        public int faceCount()
        {
            return faceCount;
        }

        /**
         * @return a warning for the user when several faces were found (null otherwise).
         */
        public String warning()
        {
            return warning;
        }
    }

    /**
     * @param detector    the detector (owned from now on).
     * @param mesh        the face mesh (owned from now on).
     * @param minFaceSize the smallest usable face in pixels.
     */
    public FaceLandmarker(final FaceDetector detector, final FaceMesh mesh, final int minFaceSize)
    {
        this.detector = detector;
        this.mesh = mesh;
        this.minFaceSize = minFaceSize;
    }

    /**
     * Opens both models from the default asset store (fetching them if needed). Any thread; the result belongs to
     * the caller's thread.
     *
     * @return a landmarker with the default settings.
     * @throws io.avatar.models.assets.AssetMissingException when the assets cannot be found or fetched.
     */
    public static FaceLandmarker open()
    {
        return open(AssetStore.openDefault(), THREADS_DEFAULT);
    }

    /**
     * @param store   where the model files are.
     * @param threads interpreter threads per model.
     * @return a landmarker.
     * @throws io.avatar.models.assets.AssetMissingException when the assets cannot be found or fetched.
     */
    public static FaceLandmarker open(final AssetStore store, final int threads)
    {
        final FaceDetector detector = new FaceDetector(store.ensure(AssetId.FACE_DETECTOR), threads);
        try
        {
            return new FaceLandmarker(detector, new FaceMesh(store.ensure(AssetId.FACE_LANDMARKS), threads),
                MIN_FACE_SIZE_DEFAULT);
        }
        catch (final RuntimeException ex)
        {
            detector.close();
            throw ex;
        }
    }

    /**
     * All faces in an image, largest first, searched at several scales ({@link FaceDetector#detectMultiScale}) so
     * that faces down to about the minimum size are found anywhere in pictures up to 2048 pixels. Each detection is confirmed by the
     * face mesh's presence score on its crop (at least {@value #CONFIRM_PRESENCE}): the detector alone fires on
     * face-like texture (badges, folds of fabric) with scores up to ~0.7, which the mesh mostly rejects (real faces
     * score 1.0, those below 0.6 in our tests). Owner thread.
     *
     * @param image the image.
     * @return the confirmed faces, possibly none.
     */
    public List<Face> detect(final RgbImage image)
    {
        return confirmed(image, detector.detectMultiScale(image, FaceDetector.MIN_SCORE_DEFAULT, minFaceSize));
    }

    /** Keeps detections whose crop the face mesh accepts, largest first. */
    private List<Face> confirmed(final RgbImage image, final List<Face> found)
    {
        final List<Face> faces = new ArrayList<>(found.size());
        lastRejected = 0;
        for (final Face f : found)
        {
            if (mesh.run(image, checkRoi.fromDetection(f), scratch) >= CONFIRM_PRESENCE)
            {
                faces.add(f);
            }
            else
            {
                lastRejected++;
            }
        }
        faces.sort(Comparator.comparingDouble((Face f) -> f.width() * f.height()).reversed());
        return faces;
    }

    /**
     * Chooses the face to use: the largest one, with a warning when there were several. Owner thread.
     *
     * @param image the image.
     * @return the choice.
     * @throws NoFaceException       when there is no face.
     * @throws FaceTooSmallException when the largest face is under the minimum size.
     */
    public Selection select(final RgbImage image) throws NoFaceException, FaceTooSmallException
    {
        final List<Face> faces = detect(image);
        if (faces.isEmpty())
        {
            throw new NoFaceException(image.name(), lastRejected > 0
                ? String.format(Locale.ROOT, "%d face-like detection(s) rejected by the face mesh", lastRejected)
                : String.format(Locale.ROOT, "best detector score %.2f, threshold %.2f", detector.lastBestScore(),
                    FaceDetector.MIN_SCORE_DEFAULT));
        }
        final Face face = faces.get(0);
        if (face.size() < minFaceSize)
        {
            throw new FaceTooSmallException(image.name(), face, minFaceSize);
        }
        final String warning = faces.size() == 1 ? null : String.format(Locale.ROOT,
            "%d faces found in %s; using the largest (%.0fx%.0f px at %.0f,%.0f)", faces.size(), image.name(),
            face.width(), face.height(), face.x(), face.y());
        return new Selection(face, faces.size(), warning);
    }

    /**
     * The 468 landmarks of a detected face, for a still: the mesh runs on the detection's crop, then once more on
     * the crop its own landmarks give (tighter and better centred, as the second frame of a video would). Owner
     * thread.
     *
     * @param image the image.
     * @param face  a face from {@link #detect} or {@link #select}.
     * @return 468 x (x, y, z) in image pixels.
     * @throws NoFaceException when the mesh finds no face in the crop.
     */
    public float[] landmarks(final RgbImage image, final Face face) throws NoFaceException
    {
        final float[] out = new float[3 * FaceMesh.LANDMARKS];
        final FaceRoi crop = new FaceRoi().fromDetection(face);
        float presence = mesh.run(image, crop, out);
        if (presence >= FaceMesh.MIN_PRESENCE_DEFAULT)
        {
            presence = mesh.run(image, crop.fromLandmarks(out), out);
        }
        lastPresence = presence;
        if (presence < FaceMesh.MIN_PRESENCE_DEFAULT)
        {
            throw new NoFaceException(image.name(), String.format(Locale.ROOT,
                "the face mesh rejects the detection %s: presence %.2f", face, presence));
        }
        return out;
    }

    /**
     * Landmarks for one video frame, allocation-free while the face is tracked: the crop follows the previous
     * frame's landmarks; when the mesh's presence score drops below {@link FaceMesh#MIN_PRESENCE_DEFAULT}, or on
     * the first frame, the face is detected again (the largest one). Owner thread, frames in order.
     *
     * @param frame the frame.
     * @param out   468 x (x, y, z) in image pixels, written when the result is TRACKED or DETECTED.
     * @return what happened.
     */
    public TrackStatus track(final RgbImage frame, final float[] out)
    {
        if (tracking)
        {
            lastPresence = mesh.run(frame, roi, scratch);
            if (lastPresence >= FaceMesh.MIN_PRESENCE_DEFAULT)
            {
                System.arraycopy(scratch, 0, out, 0, scratch.length);
                roi.fromLandmarks(out);
                return TrackStatus.TRACKED;
            }
            tracking = false;
        }
        // one whole-frame pass first (a few ms); the multi-scale search (tens of ms) only when it finds nothing
        List<Face> faces = confirmed(frame, detector.detect(frame, FaceDetector.MIN_SCORE_DEFAULT));
        if (faces.isEmpty())
        {
            faces = detect(frame);
        }
        lastFaceCount = faces.size();
        if (faces.isEmpty())
        {
            return TrackStatus.NO_FACE;
        }
        final Face face = faces.get(0);
        if (face.size() < minFaceSize)
        {
            return TrackStatus.TOO_SMALL;
        }
        roi.fromDetection(face);
        lastPresence = mesh.run(frame, roi, scratch);
        if (lastPresence < FaceMesh.MIN_PRESENCE_DEFAULT)
        {
            return TrackStatus.NO_FACE;
        }
        // refine once on the landmark crop so the first frame is as precise as the tracked ones
        roi.fromLandmarks(scratch);
        lastPresence = mesh.run(frame, roi, scratch);
        if (lastPresence < FaceMesh.MIN_PRESENCE_DEFAULT)
        {
            return TrackStatus.NO_FACE;
        }
        System.arraycopy(scratch, 0, out, 0, scratch.length);
        roi.fromLandmarks(out);
        tracking = true;
        return TrackStatus.DETECTED;
    }

    /**
     * Forgets the tracked face (e.g. at a scene cut), so the next {@link #track} call detects again. Owner thread.
     */
    public void resetTracking()
    {
        tracking = false;
    }

    /**
     * @return how many confirmed faces the last detection in {@link #track} found (the largest is tracked); 0
     *         before any. Owner thread.
     */
    public int lastFaceCount()
    {
        return lastFaceCount;
    }

    /**
     * @return the face-presence score of the last mesh run, in [0, 1].
     */
    public float lastPresence()
    {
        return lastPresence;
    }

    /**
     * @return the crop the tracker will use for the next frame (live view; owner thread).
     */
    public FaceRoi trackedRoi()
    {
        return roi;
    }

    @Override
    public void close()
    {
        mesh.close();
        detector.close();
    }
}
