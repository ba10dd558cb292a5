package io.avatar.engine.core;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * A stage's command queue: a multi-producer Disruptor ring of preallocated {@link StageCommand} slots, the proxy that
 * writes it and the poller that drains it. Build time only.
 */
final class StageCommandRing
{
    private final RingBuffer<StageCommand> ring;
    private final EventPoller<StageCommand> poller;
    private final StageProxy proxy;

    StageCommandRing(final String stageName, final int size, final AtomicCounter rejected)
    {
        // Pollers never wait, and BusySpinWaitStrategy's publish-side signal is a no-op (the blocking strategy takes
        // a lock on every publish).
        ring = RingBuffer.createMultiProducer(StageCommand::new, size, new BusySpinWaitStrategy());
        poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        proxy = new StageProxy(stageName, ring, rejected);
    }

    EventPoller<StageCommand> poller()
    {
        return poller;
    }

    StageProxy proxy()
    {
        return proxy;
    }
}
