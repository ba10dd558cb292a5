package io.avatar.engine.motion;

import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;
import io.avatar.models.style.StyleCode;

/**
 * Turns the decoder's raw per-frame motion into what the renderer shows, for one session:
 * <ul>
 * <li>a speech gate from voice activity (hysteresis, fast attack, slower release) scales the lower face, so the
 * mouth is closed in silence even when the decoder's look-ahead anticipates an onset;</li>
 * <li>idle motion that never stops: breathing, blinks at a natural rate, and small smooth head motion whose size
 * follows the current style's pose-velocity statistics;</li>
 * <li>barge-in: {@link #interrupt()} closes the mouth on the very next frame.</li>
 * </ul>
 * Single-threaded (the motion stage's thread); allocation-free per frame.
 */
public final class MotionPostProcessor
{
    /** VAD probability above which speech starts. */
    public static final float SPEECH_ON = 0.5f;
    /** VAD probability below which speech ends. */
    public static final float SPEECH_OFF = 0.35f;

    private static final double BREATH_HZ = 0.22;
    private static final double BREATH_PITCH_RAD = 0.006;
    private static final double BREATH_TY_CM = 0.05;
    private static final double IDLE_TAU_SECONDS = 1.6;
    private static final double NOISE_TAU_SECONDS = 0.35;
    private static final double MIN_IDLE_VELOCITY = 0.0008;
    private static final int[] LOWER_FACE = lowerFace();

    private final int fps;
    private final Xorshift random;
    private final BlinkGenerator blinks;
    private final double attackPerFrame;
    private final double releasePerFrame;
    private final double poleIdle;
    private final double poleNoise;
    private final double unitDiffStd;
    private final double[] idle = new double[3];
    private final double[] noise = new double[3];

    private long frameIndex;
    private boolean speaking;
    private double gate;

    /**
     * @param fps  video frame rate (25 or 30).
     * @param seed random seed (fixed for reproducible output).
     */
    public MotionPostProcessor(final int fps, final long seed)
    {
        if (fps != 25 && fps != 30)
        {
            throw new IllegalArgumentException("fps must be 25 or 30, got " + fps);
        }
        this.fps = fps;
        this.random = new Xorshift(seed);
        this.blinks = new BlinkGenerator(fps, new Xorshift(seed * 31 + 7));
        this.attackPerFrame = 1.0 / Math.max(1, Math.round(0.06 * fps));
        this.releasePerFrame = 1.0 / Math.max(1, Math.round(0.16 * fps));
        this.poleIdle = Math.exp(-1.0 / (IDLE_TAU_SECONDS * fps));
        this.poleNoise = Math.exp(-1.0 / (NOISE_TAU_SECONDS * fps));
        this.unitDiffStd = calibrateUnitDiffStd(poleIdle, poleNoise, seed);
    }

    /**
     * Processes one frame. The inputs are not modified.
     *
     * @param decodedWeights 52 weights from the decoder (zeros when no decoder output exists for this frame).
     * @param decodedPose    6 pose numbers from the decoder.
     * @param speechProb     voice-activity probability aligned with this frame.
     * @param style          current style values (110), e.g. from {@link StyleTransition#step()}.
     * @param outWeights     52 output weights.
     * @param outPose        6 output pose numbers.
     */
    public void process(final float[] decodedWeights, final float[] decodedPose, final float speechProb,
        final float[] style, final float[] outWeights, final float[] outPose)
    {
        if (speaking ? speechProb < SPEECH_OFF : speechProb > SPEECH_ON)
        {
            speaking = !speaking;
        }
        gate = speaking ? Math.min(1.0, gate + attackPerFrame) : Math.max(0.0, gate - releasePerFrame);
        final float g = (float)gate;

        System.arraycopy(decodedWeights, 0, outWeights, 0, ArkitBlendshape.COUNT);
        for (final int i : LOWER_FACE)
        {
            outWeights[i] = clamp01(decodedWeights[i] * g);
        }

        final double blink = blinks.step(speaking);
        final int bl = ArkitBlendshape.eyeBlinkLeft.ordinal();
        final int br = ArkitBlendshape.eyeBlinkRight.ordinal();
        outWeights[bl] = clamp01((float)Math.max(decodedWeights[bl], blink));
        outWeights[br] = clamp01((float)Math.max(decodedWeights[br], blink));

        stepIdle(style);
        final double t = (double)frameIndex / fps;
        final double breath = Math.sin(2 * Math.PI * BREATH_HZ * t);
        final float idleWeight = 1f - 0.5f * g;
        for (int i = 0; i < HeadPose.SIZE; i++)
        {
            outPose[i] = decodedPose[i] * g;
        }
        outPose[HeadPose.PITCH] += (float)(idle[0] * idleWeight + BREATH_PITCH_RAD * breath);
        outPose[HeadPose.YAW] += (float)(idle[1] * idleWeight);
        outPose[HeadPose.ROLL] += (float)(idle[2] * idleWeight);
        outPose[HeadPose.TY] += (float)(BREATH_TY_CM * breath);
        frameIndex++;
    }

    /**
     * Barge-in: speech stops now; the mouth closes on the next processed frame.
     */
    public void interrupt()
    {
        speaking = false;
        gate = 0;
    }

    /**
     * @return whether the gate considers the face to be speaking.
     */
    public boolean speaking()
    {
        return speaking;
    }

    /**
     * @return the current speech gate in [0, 1].
     */
    public double gate()
    {
        return gate;
    }

    /**
     * @param perMinute mean blink rate during pauses (2-60).
     */
    public void blinkRate(final double perMinute)
    {
        blinks.rate(perMinute);
    }

    private void stepIdle(final float[] style)
    {
        for (int axis = 0; axis < 3; axis++)
        {
            // The idle head moves at a fraction of the style's speaking head speed (people move less when silent).
            final double target = Math.max(MIN_IDLE_VELOCITY, 0.6 * style[StyleCode.POSE_VELOCITY_STD + axis]);
            final double gain = target / unitDiffStd;
            noise[axis] = poleNoise * noise[axis] + (1 - poleNoise) * random.nextGaussian();
            idle[axis] = poleIdle * idle[axis] + gain * noise[axis];
        }
    }

    /** Frame-to-frame std of the idle process at unit gain, measured once so the gain maps to a target speed. */
    private static double calibrateUnitDiffStd(final double poleIdle, final double poleNoise, final long seed)
    {
        final Xorshift r = new Xorshift(seed ^ 0x5DEECE66DL);
        double n = 0;
        double x = 0;
        double prev = 0;
        double sum = 0;
        double sumSq = 0;
        final int warm = 2000;
        final int count = 20000;
        for (int i = 0; i < warm + count; i++)
        {
            n = poleNoise * n + (1 - poleNoise) * r.nextGaussian();
            x = poleIdle * x + n;
            if (i >= warm)
            {
                final double d = x - prev;
                sum += d;
                sumSq += d * d;
            }
            prev = x;
        }
        final double mean = sum / count;
        return Math.sqrt(sumSq / count - mean * mean);
    }

    private static float clamp01(final float v)
    {
        return v < 0f ? 0f : (v > 1f ? 1f : v);
    }

    private static int[] lowerFace()
    {
        int n = 0;
        final int[] tmp = new int[ArkitBlendshape.COUNT];
        for (final ArkitBlendshape b : ArkitBlendshape.values())
        {
            final String name = b.name();
            if (name.startsWith("jaw") || name.startsWith("mouth") || name.equals("cheekPuff")
                || name.equals("tongueOut"))
            {
                tmp[n++] = b.ordinal();
            }
        }
        return java.util.Arrays.copyOf(tmp, n);
    }
}
