package io.avatar.models.baseline;

import io.avatar.models.rig.ArkitBlendshape;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The named baseline of "voice to motion": HeadAudio 0.1.0 (MIT, {@code @met4citizen/headaudio}; licence in
 * {@code HEADAUDIO-LICENSE.txt}) ported to Java, its Oculus visemes mapped onto our ARKit rig. Speech in (16 kHz mono
 * float PCM), rig weights out at a video frame rate (25 or 30 fps).
 * <p>
 * Pipeline, each step ported from the file named:
 * <ol>
 * <li>{@link HeadAudioFeatures} ({@code processor.mjs} front end + {@code mfcc.mjs}): a 12-number tanh-compressed
 * MFCC vector and a log energy every 256 samples (16 ms), from the last 512 samples.</li>
 * <li>{@link HeadAudioVadGate} ({@code vadgate.mjs}): blocks below the gate are skipped and end speech.</li>
 * <li>{@link HeadAudioClassifier} ({@code classifier.mjs}): nearest Gaussian prototype by Mahalanobis distance,
 * majority vote over 6 blocks.</li>
 * <li>The speaking state machine of {@code Processor.process} ({@code processor.mjs}): speech starts on a non-silence
 * vote, ends on a silence vote or a closed gate; while speaking every vote is a viseme message.</li>
 * <li>{@link HeadAudioVisemeAnimator} ({@code headaudio.mjs}): one active viseme, linear 100 ms cross-fade, sigmoid
 * ease, HeadAudio's per-viseme maxima. HeadAudio calls {@code update(dt)} from the render loop; here it is called
 * once per video frame with {@code dt = 1000 / fps}, which is exactly a render loop at that frame rate.</li>
 * <li>{@link VisemeArkitMap} (ours): viseme values to the 52 ARKit weights.</li>
 * </ol>
 * Timing: video frame {@code k} is the state after the first {@code ceil(k * 16000 / fps)} samples, i.e. the audio
 * up to the frame's presentation time (no look-ahead; like HeadAudio in a browser, the mouth lags the voice by the block
 * length and the cross-fade). A clip of {@code n} samples gives {@code floor(n * fps / 16000) + 1} frames.
 * <p>
 * Deviation from HeadAudio by default: viseme "aa" works (see {@link HeadAudioVisemeAnimator}); use
 * {@link HeadAudioOptions#asShipped()} for the original behaviour. Viseme scores: the 14 speaking visemes are
 * HeadAudio's {@code onvalue} numbers; HeadAudio never animates {@code viseme_sil}, so its score here is ours:
 * {@code 1 - max(eased alpha of the others)} (1 at rest).
 * <p>
 * Allocation-free after construction in {@link #process}, {@link #pollFrame(float[])} and
 * {@link #pollFrame(float[], float[])}. Frames wait in a queue of {@value #QUEUE_FRAMES}; when the consumer falls
 * that far behind the oldest frame is dropped and counted ({@link #framesDropped()}). Not thread-safe: one thread
 * (the decoder stage's) calls everything.
 */
public final class HeadAudioVisemeBaseline
{
    /** Input sample rate. */
    public static final int SAMPLE_RATE = HeadAudioMfcc.SAMPLE_RATE;
    /**
     * How late the mouth follows the voice, in ms: the block centre (16 ms), the median of the 6-block vote (48 ms)
     * and the start of the 100 ms cross-fade. HeadAudio's README asks users to delay the audio by 50-100 ms for the
     * same reason; on our test clips the jaw separates bilabials from open vowels best at 80-120 ms. An engine that
     * delays the published audio by its algorithmic latency should use this for the baseline.
     */
    public static final int NOMINAL_LAG_MS = 80;
    /** Frames the output queue holds before dropping the oldest. */
    public static final int QUEUE_FRAMES = 64;
    /** Lowest accepted frame rate. */
    public static final int MIN_FPS = 1;
    /** Highest accepted frame rate. */
    public static final int MAX_FPS = 120;

    private static final int W = ArkitBlendshape.COUNT;
    private static final int V = OculusViseme.COUNT;
    private static final int QUEUE_MASK = QUEUE_FRAMES - 1;
    private static final int[] HEADAUDIO_ID_OF_OCULUS = new int[V];

    static
    {
        for (int o = 0; o < V; o++)
        {
            HEADAUDIO_ID_OF_OCULUS[o] = OculusViseme.at(o).headAudioId();
        }
    }

    private final HeadAudioOptions options;
    private final HeadAudioFeatures features;
    private final HeadAudioVadGate vad;
    private final HeadAudioClassifier classifier;
    private final HeadAudioVisemeAnimator animator;

    private final float[] queueWeights = new float[QUEUE_FRAMES * W];
    private final float[] queueVisemes = new float[QUEUE_FRAMES * V];
    private final long[] queueIndex = new long[QUEUE_FRAMES];
    private final float[] frameVisemes = new float[V];
    private final float[] frameWeights = new float[W];

    private int fps;
    private double frameMs;
    private long samples;
    private long nextFrame;
    private long nextFrameSample;
    private long queueHead;
    private long queueTail;
    private long dropped;
    private long lastPolledIndex = -1;
    private boolean speaking;
    private long blocks;

    /**
     * Creates the baseline. Any thread; then used by one thread.
     *
     * @param model   the HeadAudio prototypes ({@code AssetId.HEADAUDIO_MODEL}).
     * @param options settings ({@link HeadAudioOptions#defaults()}).
     * @param fps     video frame rate, {@value #MIN_FPS}..{@value #MAX_FPS} (25 and 30 are the product's).
     */
    public HeadAudioVisemeBaseline(final HeadAudioModel model, final HeadAudioOptions options, final int fps)
    {
        this.options = Objects.requireNonNull(options, "options");
        features = new HeadAudioFeatures(options.speakerMeanHz());
        vad = new HeadAudioVadGate(options.vadGateActiveDb(), options.vadGateActiveMs(), options.vadGateInactiveDb(),
            options.vadGateInactiveMs());
        classifier = new HeadAudioClassifier(Objects.requireNonNull(model, "model"), options.silSensitivity());
        animator = new HeadAudioVisemeAnimator(options.reproduceAaQuirk());
        reset(fps);
    }

    /**
     * Forgets all audio and queued frames and restarts the frame clock at 0. Same thread as {@link #process}.
     *
     * @param fps video frame rate for what follows.
     */
    public void reset(final int fps)
    {
        if (fps < MIN_FPS || fps > MAX_FPS)
        {
            throw new IllegalArgumentException("fps must be in [" + MIN_FPS + ", " + MAX_FPS + "], got " + fps);
        }
        this.fps = fps;
        frameMs = 1000.0 / fps;
        features.reset();
        vad.reset();
        classifier.reset();
        animator.reset();
        samples = 0;
        nextFrame = 0;
        nextFrameSample = 0;
        queueHead = 0;
        queueTail = 0;
        dropped = 0;
        lastPolledIndex = -1;
        speaking = false;
        blocks = 0;
    }

    /**
     * Consumes 16 kHz mono samples in [-1, 1] and queues every video frame whose time they reach. Allocation-free.
     * Same thread as {@link #pollFrame(float[])}.
     *
     * @param pcm16k samples.
     * @param off    first sample.
     * @param len    number of samples.
     * @throws IllegalArgumentException when a sample is NaN or infinite (nothing of the chunk is consumed then).
     */
    public void process(final float[] pcm16k, final int off, final int len)
    {
        Objects.checkFromIndexSize(off, len, pcm16k.length);
        for (int i = off, end = off + len; i < end; i++)
        {
            if (!Float.isFinite(pcm16k[i]))
            {
                throw new IllegalArgumentException("audio sample " + (samples + i - off) + " is " + pcm16k[i]
                    + "; samples must be finite (16 kHz float PCM in [-1, 1])");
            }
        }
        emitDueFrames();
        final HeadAudioFeatures f = features;
        for (int i = off, end = off + len; i < end; i++)
        {
            if (f.push(pcm16k[i]))
            {
                onBlock();
            }
            samples++;
            if (samples >= nextFrameSample)
            {
                emitDueFrames();
            }
        }
    }

    /** One 512-sample block: the body of the {@code isRunning && ringSamples.isFull()} branch of processor.mjs. */
    private void onBlock()
    {
        blocks++;
        if (options.vadGate() && vad.process(features.logEnergy()))
        {
            if (speaking)
            {
                speaking = false;
                animator.onEnded();
            }
            return;
        }
        final int viseme = classifier.predict(features.vectorArray());
        if (speaking)
        {
            if (viseme == HeadAudioClassifier.SIL)
            {
                speaking = false;
                animator.onEnded();
            }
        }
        else if (viseme != HeadAudioClassifier.NONE && viseme != HeadAudioClassifier.SIL)
        {
            speaking = true;
        }
        if (speaking)
        {
            animator.onViseme(viseme);
        }
    }

    private void emitDueFrames()
    {
        while (samples >= nextFrameSample)
        {
            animator.update(frameMs);
            final float[] vis = frameVisemes;
            double maxEased = 0;
            for (int o = 0; o < V; o++)
            {
                final int id = HEADAUDIO_ID_OF_OCULUS[o];
                if (id != HeadAudioClassifier.SIL)
                {
                    vis[o] = (float)animator.value(id);
                    maxEased = Math.max(maxEased, animator.eased(id));
                }
            }
            vis[OculusViseme.sil.ordinal()] = (float)(1 - maxEased);
            VisemeArkitMap.apply(vis, frameWeights);
            if (queueTail - queueHead == QUEUE_FRAMES)
            {
                queueHead++;
                dropped++;
            }
            final int slot = (int)(queueTail & QUEUE_MASK);
            System.arraycopy(frameWeights, 0, queueWeights, slot * W, W);
            System.arraycopy(vis, 0, queueVisemes, slot * V, V);
            queueIndex[slot] = nextFrame;
            queueTail++;
            nextFrame++;
            nextFrameSample = (nextFrame * SAMPLE_RATE + fps - 1) / fps;
        }
    }

    /**
     * Takes the oldest queued frame. Allocation-free. Same thread as {@link #process}.
     *
     * @param weights52 receives the 52 ARKit weights (index = {@link ArkitBlendshape#ordinal()}).
     * @return false when no frame is queued (nothing written).
     */
    public boolean pollFrame(final float[] weights52)
    {
        return pollFrame(weights52, null);
    }

    /**
     * Takes the oldest queued frame. Allocation-free. Same thread as {@link #process}.
     *
     * @param weights52  receives the 52 ARKit weights.
     * @param visemes15  receives the 15 viseme scores in Oculus order ({@link OculusViseme#ordinal()}), or null.
     * @return false when no frame is queued (nothing written).
     */
    public boolean pollFrame(final float[] weights52, final float[] visemes15)
    {
        if (queueHead == queueTail)
        {
            return false;
        }
        final int slot = (int)(queueHead & QUEUE_MASK);
        System.arraycopy(queueWeights, slot * W, weights52, 0, W);
        if (visemes15 != null)
        {
            System.arraycopy(queueVisemes, slot * V, visemes15, 0, V);
        }
        lastPolledIndex = queueIndex[slot];
        queueHead++;
        return true;
    }

    /**
     * Runs a whole clip from a fresh state (calls {@link #reset(int)}) and returns every frame. Allocates the result:
     * for evaluation and tools, not for the live path. Same thread as {@link #process}.
     *
     * @param wholeClip 16 kHz mono samples in [-1, 1].
     * @param fps       video frame rate.
     * @return {@code floor(n * fps / 16000) + 1} arrays of 52 ARKit weights, frame {@code k} at time {@code k / fps}.
     */
    public List<float[]> run(final float[] wholeClip, final int fps)
    {
        reset(fps);
        final List<float[]> out = new ArrayList<>((int)((long)wholeClip.length * fps / SAMPLE_RATE) + 2);
        final int chunk = SAMPLE_RATE / 100;
        for (int off = 0; off < wholeClip.length; off += chunk)
        {
            process(wholeClip, off, Math.min(chunk, wholeClip.length - off));
            drainInto(out);
        }
        if (wholeClip.length == 0)
        {
            process(wholeClip, 0, 0);
        }
        drainInto(out);
        if (dropped != 0)
        {
            throw new IllegalStateException("internal: " + dropped + " frames dropped in run()");
        }
        return out;
    }

    private void drainInto(final List<float[]> out)
    {
        float[] w = new float[W];
        while (pollFrame(w))
        {
            out.add(w);
            w = new float[W];
        }
    }

    /**
     * @return index of the frame returned by the last successful poll (its time is {@code index / fps}), -1 if none.
     */
    public long lastPolledFrameIndex()
    {
        return lastPolledIndex;
    }

    /**
     * @return frames dropped because the queue was full since the last reset.
     */
    public long framesDropped()
    {
        return dropped;
    }

    /**
     * @return frames queued and not yet polled.
     */
    public int framesQueued()
    {
        return (int)(queueTail - queueHead);
    }

    /**
     * @return samples consumed since the last reset.
     */
    public long samplesProcessed()
    {
        return samples;
    }

    /**
     * @return feature blocks processed since the last reset.
     */
    public long blocksProcessed()
    {
        return blocks;
    }

    /**
     * @return true while HeadAudio's state machine says speech is on.
     */
    public boolean isSpeaking()
    {
        return speaking;
    }

    /**
     * @return the current video frame rate.
     */
    public int fps()
    {
        return fps;
    }

    /**
     * @return the settings.
     */
    public HeadAudioOptions options()
    {
        return options;
    }
}
