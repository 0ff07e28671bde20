package dev.slipway.agent;

import java.time.Clock;
import java.util.Objects;

import dev.slipway.agent.model.ModelFailover;

/**
 * What a worker holds for its lifetime: the pinned release, the tool guard built from it, the model failover (priced
 * by the release's model part) and the task ceilings. Each task gets a {@link TaskRun} from {@link #begin}.
 */
public final class AgentRuntime {

    private final PinnedRelease release;
    private final ToolGuard guard;
    private final ModelFailover models;
    private final TaskCeilings ceilings;
    private final RunReporter reporter;
    private final String workerId;
    private final Clock clock;
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @throws ReleaseRefusedException when an endpoint the worker may call has no price in the release's model part:
     *                                 an unpriced call would make cost per task, budgets and the judge wrong
     */
    public AgentRuntime(PinnedRelease release, ModelFailover models, TaskCeilings ceilings, RunReporter reporter,
            String workerId, Clock clock) {
        this.release = Objects.requireNonNull(release, "release");
        this.guard = new ToolGuard(release.tools());
        this.models = Objects.requireNonNull(models, "models");
        this.ceilings = Objects.requireNonNull(ceilings, "ceilings");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        this.workerId = Objects.requireNonNull(workerId, "workerId");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (var endpoint : models.endpoints()) {
            // Fail at start, not on the first task: every endpoint that may answer must be priced.
            if (!release.model().pricing().containsKey(endpoint.provider())) {
                throw new ReleaseRefusedException("release " + release.digest() + " has no price for provider '"
                        + endpoint.provider() + "' (endpoint " + endpoint.id() + "); model.pricing names "
                        + release.model().pricing().keySet());
            }
        }
    }

    public PinnedRelease release() {
        return release;
    }

    public String workerId() {
        return workerId;
    }

    ToolGuard guard() {
        return guard;
    }

    ModelFailover models() {
        return models;
    }

    TaskCeilings ceilings() {
        return ceilings;
    }

    RunReporter reporter() {
        return reporter;
    }

    Clock clock() {
        return clock;
    }

    /**
     * Starts a task: its calls go through the guard, the failover and the ceilings, and it ends in one run record,
     * handed to the reporter.
     */
    public TaskRun begin(TaskContext context) {
        inFlight.incrementAndGet();
        return new TaskRun(context, this);
    }

    /** Tasks begun and not finished yet: what a heartbeat announces as in flight. */
    public int inFlight() {
        return inFlight.get();
    }

    void finished() {
        inFlight.decrementAndGet();
    }
}
