package io.avatar.engine.eval;

import io.avatar.engine.audio.AudioFileDecoder;
import io.avatar.models.eval.LipSync;
import io.avatar.models.face.detect.FaceLandmarker;
import io.avatar.models.image.RgbImage;
import io.avatar.models.vad.SileroVad;
import io.avatar.models.vad.SpeechSegmenter;
import io.avatar.models.vad.VoiceActivityDetector;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Re-detection check of a talking-face video: runs the face mesh on every frame, measures the inner-lip gap and the
 * eye aspect ratio, and compares them with the video's own audio (speech envelope and voice activity).
 */
public final class VideoCheck
{
    private static final int UPPER_LIP = 13;
    private static final int LOWER_LIP = 14;
    private static final int EYE_OUT_L = 33;
    private static final int EYE_OUT_R = 263;
    private static final int[] LEFT_EYE = {33, 133, 159, 145, 158, 153};
    private static final int[] RIGHT_EYE = {263, 362, 386, 374, 385, 380};

    /**
     * What the check found.
     *
     * @param frames          video frames read.
     * @param fps             video frame rate.
     * @param videoSeconds    video duration.
     * @param audioSeconds    audio track duration.
     * @param faceFoundRatio  share of frames where the face mesh found a face.
     * @param lipSync         mouth opening vs speech envelope (r at 0 lag, best lag, r at best lag).
     * @param mouthMoveSpeech mean |frame-to-frame change| of the mouth opening (IOD) in speech frames (away from
     *                        speech/pause boundaries).
     * @param mouthMovePause  the same in pause frames.
     * @param meanOpenPause   mean mouth opening in pause frames (IOD, away from boundaries).
     * @param blinksInPauses  blinks (eye-aspect-ratio dips) inside pauses.
     * @param pauseSeconds    total pause time.
     */
    public record Result(int frames, double fps, double videoSeconds, double audioSeconds, double faceFoundRatio,
        LipSync.Result lipSync, double mouthMoveSpeech, double mouthMovePause, double meanOpenPause, int blinksInPauses,
        double pauseSeconds)
    {
        /**
         * @return a one-paragraph summary.
         */
        public String describe()
        {
            return String.format(java.util.Locale.ROOT, "frames %d at %.2f fps (video %.3f s, audio %.3f s); face found "
                + "in %.1f%%; mouth vs speech envelope: r0 %.2f, best lag %+.0f ms (r %.2f); mouth motion (mean |change| per "
                + "frame) speech %.4f vs pause %.4f IOD (mean pause opening %.4f); blinks in pauses %d over %.1f s", frames, fps,
                videoSeconds, audioSeconds, 100 * faceFoundRatio, lipSync.r0(), lipSync.bestLagMs(), lipSync.rBest(),
                mouthMoveSpeech, mouthMovePause, meanOpenPause, blinksInPauses, pauseSeconds);
        }
    }

    private VideoCheck()
    {
    }

    /**
     * @param video an MP4 (or any container FFmpeg reads) with a video and an audio track.
     * @return the measurements.
     * @throws Exception when the video cannot be decoded.
     */
    public static Result run(final Path video) throws Exception
    {
        final List<Double> mouth = new ArrayList<>();
        final List<Double> ear = new ArrayList<>();
        int found = 0;
        double fps;
        try (FaceLandmarker landmarker = FaceLandmarker.open();
            FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile()))
        {
            g.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            g.startUnsafe();
            fps = g.getFrameRate();
            final float[] lm = new float[468 * 3];
            RgbImage image = null;
            Frame f;
            while ((f = g.grabImage()) != null)
            {
                if (image == null)
                {
                    image = RgbImage.allocate(f.imageWidth, f.imageHeight, video.getFileName().toString());
                }
                image.copyFrom((ByteBuffer)f.image[0], f.imageStride, false);
                final FaceLandmarker.TrackStatus st = landmarker.track(image, lm);
                if (st == FaceLandmarker.TrackStatus.TRACKED || st == FaceLandmarker.TrackStatus.DETECTED)
                {
                    found++;
                    final double iod = dist(lm, EYE_OUT_L, EYE_OUT_R);
                    mouth.add(dist(lm, UPPER_LIP, LOWER_LIP) / iod);
                    ear.add(0.5 * (eyeAspect(lm, LEFT_EYE) + eyeAspect(lm, RIGHT_EYE)));
                }
                else
                {
                    mouth.add(Double.NaN);
                    ear.add(Double.NaN);
                }
            }
            g.stop();
        }
        final int n = mouth.size();
        if (n == 0)
        {
            throw new IOException(video + " has no video frames");
        }
        final float[] pcm = decodeAudio(video);
        final double[] env = LipSync.envelopeDb(pcm, fps, n);
        final double[] open = new double[n];
        for (int i = 0; i < n; i++)
        {
            open[i] = Double.isNaN(mouth.get(i)) ? 0 : mouth.get(i);
        }
        final LipSync.Result sync = LipSync.crossCorrelate(open, env, fps, LipSync.DEFAULT_MAX_LAG_MS);
        final boolean[] speech = speechFrames(pcm, fps, n);
        // Frames near a speech/pause boundary belong to neither (the mouth is closing or opening there).
        final boolean[] core = interior(speech, (int)Math.round(0.12 * fps));
        final double[] p = stats(open, speech, false, core);
        final double moveSpeech = meanAbsChange(open, speech, true, core);
        final double movePause = meanAbsChange(open, speech, false, core);
        int pauseFrames = 0;
        for (final boolean b : speech)
        {
            pauseFrames += b ? 0 : 1;
        }
        return new Result(n, fps, n / fps, pcm.length / 16_000.0, (double)found / n, sync, moveSpeech, movePause,
            p[0], blinks(ear, speech), pauseFrames / fps);
    }

    private static double dist(final float[] lm, final int a, final int b)
    {
        final double dx = lm[3 * a] - lm[3 * b];
        final double dy = lm[3 * a + 1] - lm[3 * b + 1];
        return Math.hypot(dx, dy);
    }

    private static double eyeAspect(final float[] lm, final int[] e)
    {
        return (dist(lm, e[2], e[3]) + dist(lm, e[4], e[5])) / (2 * dist(lm, e[0], e[1]));
    }

    private static float[] decodeAudio(final Path video) throws Exception
    {
        float[] buf = new float[16_000 * 30];
        int n = 0;
        try (AudioFileDecoder d = AudioFileDecoder.open(video))
        {
            int r;
            while ((r = d.read(buf, n, buf.length - n)) > 0)
            {
                n += r;
                if (n == buf.length)
                {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
            }
        }
        return Arrays.copyOf(buf, n);
    }

    private static boolean[] speechFrames(final float[] pcm, final double fps, final int n) throws Exception
    {
        final boolean[] speech = new boolean[n];
        try (SileroVad vad = SileroVad.open())
        {
            final VoiceActivityDetector d = new VoiceActivityDetector(vad, new SpeechSegmenter((startMs, endMs) ->
            {
                for (int k = (int)Math.floor(startMs * fps / 1000); k < Math.min(n, Math.ceil(endMs * fps / 1000)); k++)
                {
                    if (k >= 0)
                    {
                        speech[k] = true;
                    }
                }
            }), null);
            d.push(pcm, 0, pcm.length);
            d.finish();
        }
        return speech;
    }

    private static double meanAbsChange(final double[] x, final boolean[] mask, final boolean want,
        final boolean[] core)
    {
        double sum = 0;
        int c = 0;
        for (int i = 1; i < x.length; i++)
        {
            if (mask[i] == want && mask[i - 1] == want && core[i] && core[i - 1])
            {
                sum += Math.abs(x[i] - x[i - 1]);
                c++;
            }
        }
        return c == 0 ? 0 : sum / c;
    }

    private static boolean[] interior(final boolean[] speech, final int margin)
    {
        final boolean[] core = new boolean[speech.length];
        for (int i = 0; i < speech.length; i++)
        {
            boolean ok = true;
            for (int j = Math.max(0, i - margin); j <= Math.min(speech.length - 1, i + margin) && ok; j++)
            {
                ok = speech[j] == speech[i];
            }
            core[i] = ok;
        }
        return core;
    }

    private static double[] stats(final double[] x, final boolean[] mask, final boolean want, final boolean[] core)
    {
        double sum = 0;
        double sq = 0;
        int c = 0;
        for (int i = 0; i < x.length; i++)
        {
            if (mask[i] == want && core[i])
            {
                sum += x[i];
                sq += x[i] * x[i];
                c++;
            }
        }
        if (c == 0)
        {
            return new double[] {0, 0};
        }
        final double mean = sum / c;
        return new double[] {mean, Math.sqrt(Math.max(0, sq / c - mean * mean))};
    }

    /** A blink: the eye aspect ratio falls below 80% of its running median and comes back, inside a pause. */
    private static int blinks(final List<Double> ear, final boolean[] speech)
    {
        final double[] v = ear.stream().mapToDouble(d -> d).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0)
        {
            return 0;
        }
        final double median = v[v.length / 2];
        int count = 0;
        boolean closed = false;
        for (int i = 0; i < ear.size(); i++)
        {
            final double e = ear.get(i);
            if (Double.isNaN(e))
            {
                continue;
            }
            final boolean nowClosed = e < 0.8 * median;
            if (nowClosed && !closed && !speech[i])
            {
                count++;
            }
            closed = nowClosed;
        }
        return count;
    }
}
