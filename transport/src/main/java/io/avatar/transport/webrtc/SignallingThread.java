package io.avatar.transport.webrtc;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one thread that touches peer connections: webrtc-java calls back on its own native threads, and every such
 * callback is handed here, so peer state needs no locks and no native call runs inside a native callback.
 * Thread-safe.
 */
public final class SignallingThread implements AutoCloseable
{
    private static final long WAIT_SECONDS = 20;

    private final ExecutorService executor;
    private volatile Thread thread;

    /**
     * Starts the thread.
     */
    public SignallingThread()
    {
        executor = Executors.newSingleThreadExecutor(r ->
        {
            final Thread t = new Thread(r, "webrtc-signalling");
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    /**
     * Queues a task; exceptions are reported to standard error and the thread goes on. Any thread.
     *
     * @param task the task.
     */
    public void execute(final Runnable task)
    {
        executor.execute(() ->
        {
            try
            {
                task.run();
            }
            catch (final RuntimeException | Error ex)
            {
                if (ex instanceof VirtualMachineError)
                {
                    throw ex;
                }
                // webrtc-java reports ordinary failures as java.lang.Error; one failed task must not end the thread.
                System.getLogger("io.avatar.transport.webrtc").log(System.Logger.Level.WARNING,
                    "signalling task failed", ex);
            }
        });
    }

    /**
     * Runs a task on this thread and waits for its result; runs it directly when already on this thread. Never call
     * from a webrtc-java callback.
     *
     * @param task the task.
     * @param <T>  result type.
     * @return the task's result.
     * @throws RuntimeException the task's own exception, or a timeout.
     */
    public <T> T call(final Callable<T> task)
    {
        try
        {
            if (Thread.currentThread() == thread)
            {
                return task.call();
            }
            final Future<T> f = executor.submit(task);
            return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof RuntimeException re)
            {
                throw re;
            }
            throw new IllegalStateException(ex.getCause().getMessage(), ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            throw new IllegalStateException("the WebRTC signalling thread did not answer in " + WAIT_SECONDS + " s", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the WebRTC signalling thread", ex);
        }
        catch (final RuntimeException ex)
        {
            throw ex;
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex.getMessage(), ex);
        }
    }

    /**
     * @return whether the caller is the signalling thread.
     */
    public boolean isCurrent()
    {
        return Thread.currentThread() == thread;
    }

    /**
     * Stops the thread after the queued tasks ran (waits up to 20 s). Idempotent.
     */
    @Override
    public void close()
    {
        executor.shutdown();
        try
        {
            executor.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
