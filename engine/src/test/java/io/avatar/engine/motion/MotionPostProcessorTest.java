package io.avatar.engine.motion;

import io.avatar.models.rig.ArkitBlendshape;
import io.avatar.models.rig.HeadPose;
import io.avatar.models.style.StyleCode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MotionPostProcessorTest
{
    private static final int JAW = ArkitBlendshape.jawOpen.ordinal();
    private static final int BLINK = ArkitBlendshape.eyeBlinkLeft.ordinal();

    private final float[] decoded = new float[ArkitBlendshape.COUNT];
    private final float[] decodedPose = new float[HeadPose.SIZE];
    private final float[] out = new float[ArkitBlendshape.COUNT];
    private final float[] outPose = new float[HeadPose.SIZE];
    private final float[] style = styleWithPoseVelocity(0.01f);

    @Test
    void shouldKeepTheMouthClosedInSilenceAndOpenItDuringSpeech()
    {
        final MotionPostProcessor post = new MotionPostProcessor(25, 1);
        decoded[JAW] = 0.8f; // the decoder anticipates speech, but VAD says silence
        for (int i = 0; i < 50; i++)
        {
            post.process(decoded, decodedPose, 0.05f, style, out, outPose);
            assertEquals(0f, out[JAW], "frame " + i);
        }
        for (int i = 0; i < 5; i++)
        {
            post.process(decoded, decodedPose, 0.9f, style, out, outPose);
        }
        assertEquals(0.8f, out[JAW], 1e-6);
        assertTrue(post.speaking());
    }

    @Test
    void shouldCloseTheMouthWithinOneFrameOnInterrupt()
    {
        final MotionPostProcessor post = new MotionPostProcessor(25, 2);
        decoded[JAW] = 0.7f;
        for (int i = 0; i < 10; i++)
        {
            post.process(decoded, decodedPose, 0.95f, style, out, outPose);
        }
        assertEquals(0.7f, out[JAW], 1e-6);
        post.interrupt();
        decoded[JAW] = 0f;
        post.process(decoded, decodedPose, 0.0f, style, out, outPose);
        assertEquals(0f, out[JAW]);
    }

    @Test
    void shouldBlinkAtANaturalRateAndMoveTheHeadInSilence()
    {
        final int fps = 25;
        final MotionPostProcessor post = new MotionPostProcessor(fps, 3);
        int blinksSeen = 0;
        boolean closed = false;
        double yawMin = 1;
        double yawMax = -1;
        double diffSq = 0;
        float prevYaw = 0;
        final int frames = 60 * fps;
        for (int i = 0; i < frames; i++)
        {
            post.process(decoded, decodedPose, 0f, style, out, outPose);
            final boolean nowClosed = out[BLINK] > 0.9f;
            if (nowClosed && !closed)
            {
                blinksSeen++;
            }
            closed = nowClosed;
            yawMin = Math.min(yawMin, outPose[HeadPose.YAW]);
            yawMax = Math.max(yawMax, outPose[HeadPose.YAW]);
            if (i > 0)
            {
                diffSq += (outPose[HeadPose.YAW] - prevYaw) * (outPose[HeadPose.YAW] - prevYaw);
            }
            prevYaw = outPose[HeadPose.YAW];
            assertEquals(out[BLINK], out[ArkitBlendshape.eyeBlinkRight.ordinal()]);
        }
        assertTrue(blinksSeen >= 8 && blinksSeen <= 30, "blinks per minute: " + blinksSeen);
        assertTrue(yawMax - yawMin > 0.005, "the head never moved: range " + (yawMax - yawMin));
        final double diffStd = Math.sqrt(diffSq / (frames - 1));
        // idle speed is 0.6 x the style's pose-velocity std (0.01), within a loose band
        assertTrue(diffStd > 0.6 * 0.01 * 0.5 && diffStd < 0.6 * 0.01 * 2, "yaw velocity std " + diffStd);
    }

    @Test
    void shouldMoveStyleSmoothlyDuringATransition()
    {
        final StyleTransition st = new StyleTransition(StyleCode.zero());
        final float[] target = new float[StyleCode.SIZE];
        target[5] = 1f;
        st.moveTo(StyleCode.of(target), 12);
        float prev = 0;
        for (int i = 0; i < 12; i++)
        {
            final float v = st.step()[5];
            assertTrue(v > prev && v - prev <= 1f / 12 + 1e-6, "step " + i + ": " + v);
            prev = v;
        }
        assertEquals(1f, prev, 1e-6);
        assertTrue(!st.inTransition());
    }

    private static float[] styleWithPoseVelocity(final float v)
    {
        final float[] s = new float[StyleCode.SIZE];
        for (int i = 0; i < 3; i++)
        {
            s[StyleCode.POSE_VELOCITY_STD + i] = v;
        }
        return s;
    }
}
