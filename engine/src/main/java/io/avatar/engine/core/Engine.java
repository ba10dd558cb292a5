package io.avatar.engine.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * A built pipeline: its stages, their counters and the runners the {@link ThreadingMode} calls for.
 * <ul>
 * <li>{@code DEDICATED}: one {@link AgentRunner} thread per stage, named after it;</li>
 * <li>{@code SHARED}: one {@link CompositeAgent} of all stages, in pipeline order, on one runner thread;</li>
 * <li>{@code INVOKER}: one {@link AgentInvoker} per stage, stepped by {@link #invoke()} or {@link #invoke(String)}.</li>
 * </ul>
 * {@link #close()} stops runners in reverse pipeline order (each stage's {@code onClose} runs on its own thread),
 * then frees counters and the context's buffers. It is idempotent.
 * <p>
 * Threading: {@link #start()} and {@link #close()} from the owning thread; {@link #invoke()} only from the one thread
 * that steps an INVOKER engine; counters, latency and proxies from any thread.
 */
public final class Engine implements AutoCloseable
{
    private final EngineContext context;
    private final List<Stage<?, ?>> stages;
    private final List<StageCounters> counters;
    private final List<AtomicCounter> ingressCounters;
    private final AtomicCounter agentErrors;
    private final List<AutoCloseable> runners = new ArrayList<>();
    private AgentInvoker[] invokers;
    private boolean started;
    private boolean closed;

    Engine(
        final EngineContext context,
        final List<Stage<?, ?>> stages,
        final List<StageCounters> counters,
        final List<AtomicCounter> ingressCounters,
        final AtomicCounter agentErrors)
    {
        this.context = context;
        this.stages = Collections.unmodifiableList(new ArrayList<>(stages));
        this.counters = new ArrayList<>(counters);
        this.ingressCounters = new ArrayList<>(ingressCounters);
        this.agentErrors = agentErrors;
    }

    /**
     * Starts the stages as the threading mode says. Once; owning thread. On failure stops what started and rethrows.
     */
    public void start()
    {
        if (closed)
        {
            throw new IllegalStateException("engine is closed");
        }
        if (started)
        {
            throw new IllegalStateException("engine already started");
        }
        started = true;
        final ErrorHandler errorHandler = context.errorHandler();
        try
        {
            switch (context.threadingMode())
            {
                case DEDICATED ->
                {
                    for (final Stage<?, ?> stage : stages)
                    {
                        startRunner(stage, errorHandler);
                    }
                }
                case SHARED -> startRunner(new CompositeAgent(stages), errorHandler);
                case INVOKER ->
                {
                    invokers = new AgentInvoker[stages.size()];
                    for (int i = 0; i < invokers.length; i++)
                    {
                        final AgentInvoker invoker = new AgentInvoker(errorHandler, agentErrors, stages.get(i));
                        runners.add(invoker);
                        invoker.start();
                        invokers[i] = invoker;
                    }
                }
            }
        }
        catch (final RuntimeException ex)
        {
            closeRunners();
            throw ex;
        }
    }

    /**
     * Runs one duty cycle of every stage, in pipeline order. INVOKER mode only; the stepping thread only.
     *
     * @return total work count (0 when every stage was idle).
     */
    public int invoke()
    {
        final AgentInvoker[] invokers = requireInvokers();
        int work = 0;
        for (final AgentInvoker invoker : invokers)
        {
            work += invoker.invoke();
        }
        return work;
    }

    /**
     * Runs one duty cycle of one stage. INVOKER mode only; the stepping thread only.
     *
     * @param stageName the stage.
     * @return its work count.
     */
    public int invoke(final String stageName)
    {
        return requireInvokers()[indexOf(stageName)].invoke();
    }

    /**
     * @return the stages in pipeline order.
     */
    public List<Stage<?, ?>> stages()
    {
        return stages;
    }

    /**
     * @param stageName a stage name.
     * @return the stage.
     * @throws IllegalArgumentException for an unknown name, listing the known ones.
     */
    public Stage<?, ?> stage(final String stageName)
    {
        return stages.get(indexOf(stageName));
    }

    /**
     * @param stageName a stage name.
     * @return its counters; any thread.
     */
    public StageCounters counters(final String stageName)
    {
        return stage(stageName).counters();
    }

    /**
     * @param stageName a stage name.
     * @return its command proxy; any thread.
     */
    public StageProxy proxy(final String stageName)
    {
        return stage(stageName).proxy();
    }

    /**
     * @return errors that escaped a stage's {@code doWork} (per-event errors are counted per stage instead).
     */
    public long agentErrors()
    {
        return agentErrors.isClosed() ? 0 : agentErrors.get();
    }

    /**
     * @return the threading mode.
     */
    public ThreadingMode threadingMode()
    {
        return context.threadingMode();
    }

    /**
     * @return the context.
     */
    public EngineContext context()
    {
        return context;
    }

    /**
     * @return true once {@link #close()} ran.
     */
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * Stops runners in reverse order, then frees counters and the context. Idempotent; owning thread.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            closeRunners();
        }
        finally
        {
            final List<AutoCloseable> resources = new ArrayList<>(counters);
            resources.addAll(ingressCounters);
            Collections.reverse(resources);
            resources.add(agentErrors);
            resources.add(context);
            CloseHelper.closeAll(resources);
        }
    }

    private void startRunner(final Agent agent, final ErrorHandler errorHandler)
    {
        final AgentRunner runner = new AgentRunner(context.newIdleStrategy(), errorHandler, agentErrors, agent);
        runners.add(runner);
        AgentRunner.startOnThread(runner);
    }

    private void closeRunners()
    {
        final List<AutoCloseable> reversed = new ArrayList<>(runners);
        Collections.reverse(reversed);
        runners.clear();
        invokers = null;
        CloseHelper.closeAll(reversed);
    }

    private AgentInvoker[] requireInvokers()
    {
        final AgentInvoker[] invokers = this.invokers;
        if (null == invokers)
        {
            throw new IllegalStateException(
                "invoke() needs a started engine in INVOKER mode; this one is " + context.threadingMode() +
                (started ? "" : ", not started"));
        }
        return invokers;
    }

    private int indexOf(final String stageName)
    {
        for (int i = 0; i < stages.size(); i++)
        {
            if (stages.get(i).roleName().equals(stageName))
            {
                return i;
            }
        }
        final List<String> known = new ArrayList<>();
        for (final Stage<?, ?> stage : stages)
        {
            known.add(stage.roleName());
        }
        throw new IllegalArgumentException("no stage named '" + stageName + "'; stages: " + known);
    }
}
