package io.avatar.engine.core;

import io.avatar.engine.core.clock.MediaTime;
import io.avatar.engine.core.event.FramePool;
import io.avatar.engine.core.event.MotionFrameEvent;
import io.avatar.engine.core.event.PixelFormat;
import io.avatar.engine.core.event.StageEvent;
import io.avatar.engine.core.event.VideoFrameEvent;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Motion frames -> a toy renderer that fills pooled frame buffers -> a sink that reads and releases them: frames move
 * by pool index (zero-copy), and when the pool or the ring is exhausted the renderer skips the frame and counts it.
 */
class VideoFramePipelineTest
{
    private static final int FPS = 25;
    private static final int W = 8;
    private static final int H = 8;

    static final class MotionSource implements StageLogic<StageEvent, MotionFrameEvent>
    {
        private final int total;
        private int next;

        MotionSource(final int total)
        {
            this.total = total;
        }

        @Override
        public int onCycle(final long nowNs, final Emitter<MotionFrameEvent> out)
        {
            if (next == total)
            {
                return 0;
            }
            final MotionFrameEvent frame = out.tryClaim();
            final int k = next++;
            if (null == frame)
            {
                return 1;
            }
            frame.weights()[0] = k / 255.0f;
            frame.flags(MotionFrameEvent.FLAG_SPEAKING);
            frame.frameIndex(k);
            frame.seq(k);
            frame.ptsNs(MediaTime.framePtsNs(k, FPS));
            frame.originNs(nowNs);
            out.publish();
            return 1;
        }
    }

    static final class ToyRenderer implements StageLogic<MotionFrameEvent, VideoFrameEvent>
    {
        private final FramePool pool;

        ToyRenderer(final FramePool pool)
        {
            this.pool = pool;
        }

        @Override
        public void onEvent(final MotionFrameEvent in, final long nowNs, final Emitter<VideoFrameEvent> out)
        {
            final int index = pool.lease();
            if (index == FramePool.NO_FRAME)
            {
                out.countDropped(); // no buffer free: skip this frame, the publisher repeats the last one
                return;
            }
            final VideoFrameEvent frame = out.tryClaim();
            if (null == frame)
            {
                pool.release(index);
                return;
            }
            final UnsafeBuffer pixels = pool.buffer(index);
            final byte level = (byte)Math.round(in.weights()[0] * 255);
            pixels.setMemory(0, PixelFormat.RGBA.frameBytes(W, H), level);
            frame.copyHeaderFrom(in);
            frame.frameIndex(in.frameIndex());
            frame.geometry(W, H, PixelFormat.RGBA);
            frame.bufferIndex(index);
            out.publish();
        }
    }

    static final class FrameSink implements StageLogic<VideoFrameEvent, StageEvent>
    {
        final long[] frameIndex = new long[64];
        final int[] level = new int[64];
        int received;

        @Override
        public void onEvent(final VideoFrameEvent frame, final long nowNs, final Emitter<StageEvent> out)
        {
            final UnsafeBuffer pixels = frame.buffer();
            final int last = PixelFormat.RGBA.frameBytes(frame.width(), frame.height()) - 1;
            assertEquals(pixels.getByte(0), pixels.getByte(last));
            frameIndex[received] = frame.frameIndex();
            level[received] = pixels.getByte(0) & 0xFF;
            received++;
            frame.pool().release(frame.bufferIndex());
        }
    }

    @Test
    void shouldMoveFramesByIndexAndSkipWhenThePoolIsExhausted()
    {
        final CachedNanoClock clock = new CachedNanoClock();
        final EngineContext context = new EngineContext().threadingMode(ThreadingMode.INVOKER).ringSize(8)
            .framePoolSize(4).nanoClock(clock);
        final FrameSink sink = new FrameSink();
        try (FramePool pool = new FramePool(4, PixelFormat.RGBA.frameBytes(W, H)))
        {
            final PipelineBuilder builder = new PipelineBuilder(context);
            final EventRing<MotionFrameEvent> motion = builder.ring("motion", MotionFrameEvent.FACTORY);
            final EventRing<VideoFrameEvent> video = builder.ring("video", VideoFrameEvent.factory(pool));
            builder.source("motion", new MotionSource(20), motion)
                .stage("render", motion, new ToyRenderer(pool), video)
                .sink("publish", video, sink);
            try (Engine engine = builder.build())
            {
                engine.start();
                for (int i = 0; i < 6; i++)
                {
                    engine.invoke("motion");
                    engine.invoke("render"); // the sink is stalled: 4 frames hold all 4 buffers
                }
                assertEquals(0, pool.available());
                assertEquals(4, engine.counters("render").get(StageCounter.EVENTS_OUT));
                assertEquals(2, engine.counters("render").get(StageCounter.DROPPED_RING_FULL));

                engine.invoke("publish"); // the encoder catches up and returns the buffers
                for (int i = 0; i < 100 && engine.invoke() > 0; i++)
                {
                    clock.advance(MediaTime.framePtsNs(1, FPS));
                }
                assertEquals(18, sink.received);
                assertEquals(4, pool.available(), "every buffer back in the pool");
                for (int i = 0; i < 4; i++)
                {
                    assertEquals(i, sink.frameIndex[i]);
                    assertEquals(i, sink.level[i]);
                }
                assertEquals(6, sink.frameIndex[4]); // frames 4 and 5 were skipped
                assertTrue(engine.counters("publish").get(StageCounter.FAILED) == 0);
            }
        }
    }
}
