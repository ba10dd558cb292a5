package io.avatar.models.eval;

import io.avatar.models.rig.HeadPose;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PoseSimilarityTest
{
    private static MotionSeries constantPose(final double pitchDeg, final double yawDeg, final double rollDeg)
    {
        return Motions.of(25, 50, (k, d) -> switch (d - 52)
        {
            case HeadPose.PITCH -> Math.toRadians(pitchDeg);
            case HeadPose.YAW -> Math.toRadians(yawDeg);
            case HeadPose.ROLL -> Math.toRadians(rollDeg);
            default -> 0;
        });
    }

    @Test
    void shouldBeOneForTheSameDistribution()
    {
        final MotionSeries a = Motions.of(25, 100, (k, d) -> d >= 52 ? 0.2 * Math.sin(0.3 * k) : 0);
        final PoseSimilarity.Result r = PoseSimilarity.hs(a, a);
        assertEquals(1.0, r.mean(), 1e-12);
    }

    @Test
    void shouldDropByTheShiftOverTheRangeWidth()
    {
        // Point masses 6 degrees apart: W1 = 6 deg, normalised by the 60 degree range = 0.1, HS = 0.9.
        final PoseSimilarity.Result r = PoseSimilarity.hs(constantPose(0.5, 0.5, 0.5), constantPose(6.5, -5.5, 0.5));
        assertEquals(0.9, r.pitch(), 1e-9);
        assertEquals(0.9, r.yaw(), 1e-9);
        assertEquals(1.0, r.roll(), 1e-9);
        assertEquals(2.8 / 3, r.mean(), 1e-9);
    }

    @Test
    void shouldClipOutOfRangeAnglesIntoTheEndBins()
    {
        // -40 and +40 degrees land in the first and last bins: 59 bins apart of 60.
        final PoseSimilarity.Result r = PoseSimilarity.hs(constantPose(-40, 0, 0), constantPose(40, 0, 0));
        assertEquals(1.0 / 60, r.pitch(), 1e-9);
    }

    @Test
    void shouldSplitMassByHalves()
    {
        // Half of the frames at 0.5 deg, half at 10.5: against all at 0.5, W1 = 0.5 * 10 deg = 5 deg -> HS = 1 - 5/60.
        final MotionSeries half = Motions.of(25, 50, (k, d) -> d - 52 == HeadPose.PITCH
            ? Math.toRadians(k < 25 ? 0.5 : 10.5) : 0);
        assertEquals(1 - 5.0 / 60, PoseSimilarity.hs(constantPose(0.5, 0, 0), half).pitch(), 1e-9);
    }
}
