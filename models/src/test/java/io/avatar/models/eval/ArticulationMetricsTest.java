package io.avatar.models.eval;

import io.avatar.models.rig.ArkitBlendshape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArticulationMetricsTest
{
    private static final int JAW = ArkitBlendshape.jawOpen.ordinal();
    private static final int FUNNEL = ArkitBlendshape.mouthFunnel.ordinal();

    /** 0-0.2 pau, 0.2-0.4 p, 0.4-0.6 ow, 0.6-0.8 s, 0.8-1.0 iy, 1.0-1.2 m. */
    private static final PhoneAlignment PHONES = new PhoneAlignment(List.of(
        new PhoneAlignment.Segment(0.0, 0.2, "pau"), new PhoneAlignment.Segment(0.2, 0.4, "p"),
        new PhoneAlignment.Segment(0.4, 0.6, "ow"), new PhoneAlignment.Segment(0.6, 0.8, "s"),
        new PhoneAlignment.Segment(0.8, 1.0, "iy"), new PhoneAlignment.Segment(1.0, 1.2, "m")));

    private static MotionSeries byPhone(final java.util.function.ToDoubleFunction<String> jaw,
        final java.util.function.ToDoubleFunction<String> funnel)
    {
        return Motions.of(25, 30, (k, d) ->
        {
            final String ph = PHONES.phoneAt(k / 25.0);
            return d == JAW ? jaw.applyAsDouble(ph) : d == FUNNEL ? funnel.applyAsDouble(ph) : 0;
        });
    }

    @Test
    void shouldGiveAucOneWhenBilabialsAreClosedAndEverythingElseOpen()
    {
        final MotionSeries m = byPhone(ph -> PhoneAlignment.BILABIAL.contains(ph) ? 0 : ph.equals("s") ? 0.1 : 0.5,
            ph -> ph.equals("ow") ? 0.6 : 0.1);
        final ArticulationMetrics.Result r = new ArticulationMetrics().add(m, PHONES, 0).result();
        assertEquals(1.0, r.closureAuc());
        assertEquals(1.0, r.closureAucConsonant());
        assertEquals(1.0, r.closureRate());
        assertEquals(1.0, r.roundingAuc());
        assertEquals(10, r.bilabialFrames());
        assertEquals(15, r.otherFrames());
        assertEquals(5, r.roundedFrames());
        assertEquals(5, r.unroundedFrames());
    }

    @Test
    void shouldGiveHalfForAConstantMouthAndZeroWhenInverted()
    {
        final MotionSeries flat = byPhone(ph -> 0.3, ph -> 0.2);
        final ArticulationMetrics.Result r = new ArticulationMetrics().add(flat, PHONES, 0).result();
        assertEquals(0.5, r.closureAuc());
        assertEquals(0.5, r.roundingAuc());
        assertEquals(0.0, r.closureRate());
        final MotionSeries inverted = byPhone(ph -> PhoneAlignment.BILABIAL.contains(ph) ? 0.8 : 0.2,
            ph -> ph.equals("iy") ? 0.5 : 0);
        final ArticulationMetrics.Result s = new ArticulationMetrics().add(inverted, PHONES, 0).result();
        assertEquals(0.0, s.closureAuc());
        assertEquals(0.0, s.roundingAuc());
    }

    @Test
    void shouldShiftFrameTimesByTheSystemLag()
    {
        // The mouth is exactly 3 frames (120 ms) late: with lag 0.12 s every frame lands in its own phone again.
        final MotionSeries late = Motions.of(25, 33, (k, d) ->
        {
            final String ph = PHONES.phoneAt((k - 3) / 25.0);
            return d == JAW ? (ph == null || PhoneAlignment.BILABIAL.contains(ph) ? 0 : 0.5) : 0;
        });
        assertTrue(new ArticulationMetrics().add(late, PHONES, 0).result().closureAuc() < 1.0);
        assertEquals(1.0, new ArticulationMetrics().add(late, PHONES, 0.12).result().closureAuc());
    }

    @Test
    void shouldComputeMouthMaeOverJawAndMouthWeightsOnly()
    {
        final MotionSeries a = Motions.of(25, 10, (k, d) -> 0.2);
        final MotionSeries b = Motions.of(25, 10, (k, d) ->
            ArkitBlendshape.at(Math.min(d, 51)).name().startsWith("mouth") || d == JAW ? 0.5 : 0.9);
        // 26 of the 27 jaw/mouth weights (jawForward/Left/Right stay at 0.9: 0.7 off) ... computed exactly:
        final int[] idx = StyleWindowMetrics.mouthIndices();
        double expect = 0;
        for (final int d : idx)
        {
            expect += ArkitBlendshape.at(d).name().startsWith("mouth") || d == JAW ? 0.3 : 0.7;
        }
        assertEquals(expect / idx.length, ArticulationMetrics.mouthWeightMae(a, b), 1e-6);
        assertEquals(0.0, ArticulationMetrics.mouthWeightMae(a, a));
    }

    @Test
    void shouldComputeAucAsTheMannWhitneyStatistic()
    {
        assertEquals(0.75, ArticulationMetrics.auc(List.of(1.0, 3.0), List.of(2.0, 0.0)));
        assertEquals(0.5, ArticulationMetrics.auc(List.of(1.0), List.of(1.0)));
        assertTrue(Double.isNaN(ArticulationMetrics.auc(List.of(), List.of(1.0))));
    }
}
