package io.avatar.engine.core;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.avatar.engine.core.event.AudioChunkEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-event cost of the ring itself on one thread, free of cross-core effects (useful on a loaded or 2-core host
 * where the two-thread {@link RingThroughputBenchmark} measures the scheduler): {@value #BATCH} 40 ms audio chunks
 * claimed with {@code tryNext()}, header and sample count set, published, then drained with an {@link EventPoller}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Dagrona.disable.bounds.checks=true" })
@State(Scope.Thread)
public class RingRoundTripBenchmark
{
    /** Events per invocation. */
    public static final int BATCH = 64;

    private RingBuffer<AudioChunkEvent> ring;
    private EventPoller<AudioChunkEvent> poller;
    private final EventPoller.Handler<AudioChunkEvent> handler = this::onEvent;
    private long checksum;

    /**
     * Builds the ring.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        ring = RingBuffer.createSingleProducer(AudioChunkEvent.factory(640), 256, new BusySpinWaitStrategy());
        poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
    }

    private boolean onEvent(final AudioChunkEvent event, final long sequence, final boolean endOfBatch)
    {
        checksum += event.firstSampleIndex() + event.sampleCount();
        return true;
    }

    /**
     * Publishes then drains {@value #BATCH} events.
     *
     * @return a checksum (consumed by JMH).
     * @throws Exception never in practice.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long publishThenPoll() throws Exception
    {
        final RingBuffer<AudioChunkEvent> ring = this.ring;
        for (int i = 0; i < BATCH; i++)
        {
            final long sequence;
            try
            {
                sequence = ring.tryNext();
            }
            catch (final InsufficientCapacityException ex)
            {
                throw new IllegalStateException("ring unexpectedly full", ex);
            }
            final AudioChunkEvent event = ring.get(sequence);
            event.clearHeader();
            event.sessionId(1);
            event.seq(sequence);
            event.firstSampleIndex(sequence * 640);
            event.ptsNs(sequence * 40_000_000L);
            event.sampleCount(640);
            ring.publish(sequence);
        }
        poller.poll(handler);
        return checksum;
    }
}
