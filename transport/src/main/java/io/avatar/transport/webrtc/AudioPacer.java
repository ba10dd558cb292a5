package io.avatar.transport.webrtc;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One timing thread per server that feeds every publisher's audio source at wall-clock pace: each 10 ms deadline
 * it calls {@link PacedAudio#tick()} on every registered lane, so each peer gets exactly one 10 ms chunk per 10 ms
 * whatever bursts the engine delivers. The thread parks until the next absolute deadline ({@code parkNanos} is
 * fine here: this thread only keeps time, it is not a stage of the frame pipeline); it catches up missed ticks after
 * a short stall and starts a new timeline after a long one (the lanes' caps bound the queues meanwhile). With no
 * lanes it parks until one is registered. Lanes are an array snapshot, replaced on the rare register/unregister.
 *
 * <p>Configured by the system property {@value #PROPERTY}: {@code off} publishes audio straight from the engine
 * thread (the former behaviour, kept for comparison), otherwise the prime depth in milliseconds (default
 * {@value #DEFAULT_PRIME_MS}).
 */
public final class AudioPacer implements AutoCloseable
{
    /** System property: {@code off}, or the prime depth in ms. */
    public static final String PROPERTY = "avatar.webrtc.audioPacer";
    /**
     * Default prime depth: one 40 ms engine burst (measured against 30 and 60 ms: 30 underruns every burst, 60 only
     * adds delay; late frames beyond it are handled by the lane's underrun and trim rules).
     */
    public static final int DEFAULT_PRIME_MS = 40;
    /** Queue depth above which the oldest audio is dropped. */
    public static final int MAX_MS = 200;
    private static final System.Logger LOG = System.getLogger("io.avatar.transport.webrtc");
    private static final long TICK_NS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Further behind than this and the pacer starts a new timeline instead of bursting to catch up. */
    private static final long RESYNC_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final int primeMs;
    private final Thread thread;
    private volatile PacedAudio[] lanes = new PacedAudio[0];
    private volatile boolean running = true;
    private volatile long lateTicks;
    private volatile long failures;

    /**
     * Starts the pacing thread (a daemon; it parks while no lane is registered). Any thread.
     *
     * @param primeMs prime depth of every lane, 10..{@value #MAX_MS} ms.
     */
    public AudioPacer(final int primeMs)
    {
        if (primeMs < 10 || primeMs > MAX_MS)
        {
            throw new IllegalArgumentException("audio pacer prime depth must be 10.." + MAX_MS + " ms, got " + primeMs);
        }
        this.primeMs = primeMs;
        thread = new Thread(this::run, "avatar-audio-pacer");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    /**
     * @return a pacer as configured by {@value #PROPERTY}, or {@code null} when that says {@code off}. Any thread.
     * @throws IllegalArgumentException when the property is neither {@code off} nor a whole number of ms in range.
     */
    public static AudioPacer fromSystemProperty()
    {
        final String v = System.getProperty(PROPERTY, Integer.toString(DEFAULT_PRIME_MS)).trim();
        if (v.equalsIgnoreCase("off"))
        {
            return null;
        }
        try
        {
            return new AudioPacer(Integer.parseInt(v));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be 'off' or a prime depth in ms, got '" + v
                + "'", ex);
        }
    }

    /**
     * Creates and registers a lane; the pacer starts ticking it (silence until it primes). Any thread.
     *
     * @param sink where the lane's chunks go, on the pacer thread.
     * @return the lane, for the engine thread to {@link PacedAudio#write} into.
     */
    PacedAudio register(final PacedAudio.Sink sink)
    {
        final PacedAudio lane = new PacedAudio(sink, primeMs, MAX_MS);
        synchronized (this)
        {
            if (!running)
            {
                throw new IllegalStateException("the audio pacer is closed");
            }
            final PacedAudio[] old = lanes;
            final PacedAudio[] now = Arrays.copyOf(old, old.length + 1);
            now[old.length] = lane;
            lanes = now;
        }
        LockSupport.unpark(thread);
        return lane;
    }

    /**
     * Removes a lane and waits until the pacer is not pushing into it, so its sink may be disposed next.
     * Any thread; a lane not registered (or already removed) is just closed.
     *
     * @param lane the lane.
     */
    void unregister(final PacedAudio lane)
    {
        synchronized (this)
        {
            final PacedAudio[] old = lanes;
            for (int i = 0; i < old.length; i++)
            {
                if (old[i] == lane)
                {
                    final PacedAudio[] now = new PacedAudio[old.length - 1];
                    System.arraycopy(old, 0, now, 0, i);
                    System.arraycopy(old, i + 1, now, i, old.length - i - 1);
                    lanes = now;
                    break;
                }
            }
        }
        lane.close();
    }

    /**
     * @return ticks the pacer ran more than one tick late (it was not scheduled in time). Any thread.
     */
    public long lateTicks()
    {
        return lateTicks;
    }

    /**
     * @return chunk pushes that threw (the first and every 1000th logged at WARNING). Any thread.
     */
    public long failures()
    {
        return failures;
    }

    /**
     * @return the pacing thread's id (tests measure its allocation).
     */
    long threadId()
    {
        return thread.threadId();
    }

    private void run()
    {
        long next = System.nanoTime();
        while (running)
        {
            final PacedAudio[] ls = lanes;
            if (ls.length == 0)
            {
                LockSupport.park(this);
                next = System.nanoTime();
                continue;
            }
            next += TICK_NS;
            long now = System.nanoTime();
            if (now - next > RESYNC_NS)
            {
                next = now;
            }
            else if (now - next > TICK_NS)
            {
                lateTicks++;
            }
            while (next - now > 0 && running)
            {
                LockSupport.parkNanos(this, next - now);
                now = System.nanoTime();
            }
            for (final PacedAudio lane : ls)
            {
                try
                {
                    lane.tick();
                }
                catch (final RuntimeException ex)
                {
                    // one peer's failing source must not silence every other peer: report it and go on
                    final long n = ++failures;
                    if (n == 1 || n % 1000 == 0)
                    {
                        LOG.log(System.Logger.Level.WARNING, "audio pacer: pushing a chunk failed (" + n
                            + " failures so far)", ex);
                    }
                }
            }
        }
    }

    /**
     * Stops the pacing thread and waits for it; close every publisher first. Any thread; idempotent.
     */
    @Override
    public void close()
    {
        synchronized (this)
        {
            running = false;
        }
        LockSupport.unpark(thread);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        for (final PacedAudio lane : lanes)
        {
            lane.close();
        }
    }
}
