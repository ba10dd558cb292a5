package io.avatar.engine.core;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.avatar.engine.core.event.FeatureFrameEvent;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Raw ring throughput between two threads with the engine's publishing discipline: the producer claims with
 * {@code tryNext()} (never blocks; a full ring counts as {@code full}), fills a preallocated
 * {@link FeatureFrameEvent} header and a few payload floats, and publishes; the consumer drains with an
 * {@link EventPoller}, as a {@link Stage} does. The number to read is {@code consumed} (events per second through
 * the ring); {@code full} says how often the producer outran the consumer.
 * <p>
 * Run (bounds checks off, as for every benchmark):
 * {@code java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -Dagrona.disable.bounds.checks=true
 * -cp <classpath> org.openjdk.jmh.Main RingThroughputBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Dagrona.disable.bounds.checks=true" })
@State(Scope.Group)
public class RingThroughputBenchmark
{
    /** Ring slots. */
    @Param({ "1024" })
    public int ringSize;

    private RingBuffer<FeatureFrameEvent> ring;
    private EventPoller<FeatureFrameEvent> poller;

    /** Producer-side counts, reported per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class ProducerCounts
    {
        /** Events published. */
        public long published;
        /** Claims refused because the ring was full. */
        public long full;
    }

    /** Consumer-side counts, reported per second. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class ConsumerCounts
    {
        /** Events consumed. */
        public long consumed;
        // Not public: JMH would report it as a counter. Writing it keeps the reads from being optimised away.
        private long checksum;
        private final EventPoller.Handler<FeatureFrameEvent> handler = this::onEvent;

        private boolean onEvent(final FeatureFrameEvent event, final long sequence, final boolean endOfBatch)
        {
            consumed++;
            checksum += event.seq() + (long)event.logMel()[0];
            return true;
        }
    }

    /**
     * Builds the ring once per iteration so every iteration starts empty.
     */
    @Setup(Level.Iteration)
    public void setUp()
    {
        ring = RingBuffer.createSingleProducer(FeatureFrameEvent.FACTORY, ringSize, new BusySpinWaitStrategy());
        poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
    }

    /**
     * Producer: one claim attempt.
     *
     * @param counts the producer's counters.
     */
    @Benchmark
    @Group("spsc")
    @GroupThreads(1)
    public void publish(final ProducerCounts counts)
    {
        final RingBuffer<FeatureFrameEvent> ring = this.ring;
        final long sequence;
        try
        {
            sequence = ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            counts.full++;
            return;
        }
        final FeatureFrameEvent event = ring.get(sequence);
        event.clearHeader();
        event.sessionId(1);
        event.seq(sequence);
        event.ptsNs(sequence * 10_000_000L);
        event.originNs(sequence);
        event.frameIndex(sequence);
        event.logMel()[0] = sequence;
        ring.publish(sequence);
        counts.published++;
    }

    /**
     * Consumer: one poll, draining whatever is published.
     *
     * @param counts the consumer's counters and handler.
     * @throws Exception never in practice (the handler does not throw).
     */
    @Benchmark
    @Group("spsc")
    @GroupThreads(1)
    public void poll(final ConsumerCounts counts) throws Exception
    {
        poller.poll(counts.handler);
    }
}
