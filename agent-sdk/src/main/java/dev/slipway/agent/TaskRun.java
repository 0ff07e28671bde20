package dev.slipway.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;

import dev.slipway.agent.RunRecord.PricedModelCall;
import dev.slipway.agent.RunRecord.ToolCallRecord;
import dev.slipway.agent.model.AllProvidersFailedException;
import dev.slipway.agent.model.ModelCallRecord;
import dev.slipway.agent.model.ModelFailover;
import dev.slipway.agent.model.ModelReply;
import dev.slipway.agent.model.ModelRequest;
import dev.slipway.release.Digests;

/**
 * One task on a worker. Every model call goes through the failover and every tool call through the guard; each is
 * recorded; a call that would cross a ceiling stops the task at once (this call and every later one throw
 * {@link CeilingExceededException}). {@link #finish} turns the whole into one {@link RunRecord}. One thread per task:
 * not thread-safe.
 */
public final class TaskRun {

    private final TaskContext context;
    private final AgentRuntime runtime;

    private final String runId = UUID.randomUUID().toString();
    private final Instant startedAt;
    private final List<String> retrievalDocs = new ArrayList<>();
    private final List<ToolCallRecord> toolCalls = new ArrayList<>();
    private final List<PricedModelCall> modelCalls = new ArrayList<>();
    private final Map<String, Integer> allowedCallsByTool = new HashMap<>();
    private int modelCallCount;
    private int executedToolCalls;
    private long tokens;
    private double spend;
    private String answeredBy;
    private TaskCeilings.Ceiling stoppedBy;
    private String stopReason;
    private RunRecord finished;

    TaskRun(TaskContext context, AgentRuntime runtime) {
        this.context = context;
        this.runtime = runtime;
        this.startedAt = runtime.clock().instant();
    }

    public String runId() {
        return runId;
    }

    public TaskContext context() {
        return context;
    }

    public PinnedRelease release() {
        return runtime.release();
    }

    /**
     * Calls the pinned model, failing over between endpoints. Counts one model call per task call (however many
     * endpoints were tried); tokens and spend are those of the answer.
     *
     * @throws CeilingExceededException when the task is stopped, or this call crosses the model-call, token or spend
     *                                  ceiling (the answer is then not returned: the task is over)
     * @throws AllProvidersFailedException when no endpoint answered (recorded in the run)
     */
    public ModelReply chat(ModelRequest request) {
        return callModel(models -> models.call(request));
    }

    /**
     * Like {@link #chat(ModelRequest)}, with the agent's own client (a framework's chat model, say): {@code call} is
     * made at each endpoint in turn, through the same breakers, ceilings and records.
     *
     * @param tokens what a reply counted
     */
    public <R> R chat(ModelFailover.EndpointCall<R> call, Function<? super R, ModelFailover.TokenCount> tokens) {
        return callModel(models -> models.call(call, tokens));
    }

    private <R> R callModel(Function<ModelFailover, ModelFailover.Answer<R>> invoke) {
        requireRunning();
        if (modelCallCount >= runtime.ceilings().maxModelCalls()) {
            throw stop(TaskCeilings.Ceiling.MODEL_CALLS, "the task made " + modelCallCount
                    + " model calls, its ceiling");
        }
        modelCallCount++;
        ModelFailover.Answer<R> answer;
        try {
            answer = invoke.apply(runtime.models());
        } catch (AllProvidersFailedException e) {
            e.attempts().forEach(a -> modelCalls.add(new PricedModelCall(a, 0)));
            throw e;
        }
        for (ModelCallRecord attempt : answer.attempts()) {
            double cost = attempt.succeeded() ? runtime.release().model().pricing().get(attempt.provider())
                    .costUsd(attempt.inputTokens(), attempt.outputTokens()) : 0;
            modelCalls.add(new PricedModelCall(attempt, cost));
            spend += cost;
        }
        ModelCallRecord answered = answer.attempts().get(answer.attempts().size() - 1);
        answeredBy = answer.endpoint().id();
        tokens += answered.inputTokens() + answered.outputTokens();
        if (tokens > runtime.ceilings().maxTokens()) {
            throw stop(TaskCeilings.Ceiling.TOKENS, "the task used " + tokens + " tokens, over its ceiling of "
                    + runtime.ceilings().maxTokens());
        }
        if (spend > runtime.ceilings().maxSpendUsd()) {
            throw stop(TaskCeilings.Ceiling.SPEND, String.format(java.util.Locale.ROOT,
                    "the task spent %.4f USD, over its ceiling of %.4f USD", spend, runtime.ceilings().maxSpendUsd()));
        }
        return answer.reply();
    }

    /**
     * Calls a tool through the guard: executed only when the release grants the tool and every scope the call needs,
     * within its per-task limit and the task's tool-call ceiling.
     *
     * @throws ToolRefusedException     when the guard refuses (recorded as DENIED; {@code call} is not run)
     * @throws CeilingExceededException when the task is stopped or this call would cross the tool-call ceiling
     * @throws Exception                whatever the tool throws (recorded as FAILED)
     */
    public <T> T tool(String name, Collection<String> scopes, Callable<T> call) throws Exception {
        requireRunning();
        if (executedToolCalls >= runtime.ceilings().maxToolCalls()) {
            toolCalls.add(new ToolCallRecord(name, ToolCallRecord.Status.DENIED, 0, "tool-call ceiling"));
            throw stop(TaskCeilings.Ceiling.TOOL_CALLS, "the task made " + executedToolCalls
                    + " tool calls, its ceiling");
        }
        ToolGuard.Decision decision = runtime.guard().decide(name, scopes, allowedCallsByTool.getOrDefault(name, 0));
        if (decision instanceof ToolGuard.Decision.Refused refused) {
            toolCalls.add(new ToolCallRecord(name, ToolCallRecord.Status.DENIED, 0, refused.reason()));
            throw new ToolRefusedException(name, refused.reason());
        }
        allowedCallsByTool.merge(name, 1, Integer::sum);
        executedToolCalls++;
        long start = System.nanoTime();
        try {
            T result = call.call();
            toolCalls.add(new ToolCallRecord(name, ToolCallRecord.Status.OK, millisSince(start), null));
            return result;
        } catch (Exception e) {
            toolCalls.add(new ToolCallRecord(name, ToolCallRecord.Status.FAILED, millisSince(start),
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
            throw e;
        }
    }

    /**
     * Records a call the agent will not make, for a tool it has no way to run (a framework's model named a tool it was
     * never offered, say), and returns the exception to throw.
     */
    public ToolRefusedException refuseTool(String name, String reason) {
        requireRunning();
        toolCalls.add(new ToolCallRecord(name, ToolCallRecord.Status.DENIED, 0, reason));
        return new ToolRefusedException(name, reason);
    }

    /** Records the ids of the retrieval documents the task saw. */
    public void retrieved(Collection<String> docIds) {
        retrievalDocs.addAll(docIds);
    }

    /** {@code provider/region} of the endpoint that gave the last answer, or null before any. */
    public String answeredBy() {
        return answeredBy;
    }

    public boolean stopped() {
        return stoppedBy != null;
    }

    /** Spend so far, in USD. */
    public double spend() {
        return spend;
    }

    /**
     * Ends the task and reports its run. A task stopped by a ceiling ends FAILED, whatever {@code outcome} says,
     * naming the ceiling. Idempotent: a second call returns the same record and reports nothing.
     *
     * @param humanIntervention whether a person had to step in; null when not known yet
     */
    public RunRecord finish(RunRecord.Outcome outcome, Boolean humanIntervention) {
        if (finished == null) {
            Instant completedAt = runtime.clock().instant();
            finished = new RunRecord(runId, context.deployment(), runtime.release().digest(), context.arm(),
                    context.epoch(), context.taskKey(), Digests.sha256(context.input()), runtime.workerId(),
                    retrievalDocs, toolCalls, modelCalls,
                    stoppedBy != null ? RunRecord.Outcome.FAILED : outcome, stoppedBy, humanIntervention, spend,
                    Math.max(0, Duration.between(startedAt, completedAt).toMillis()), startedAt, completedAt);
            runtime.finished();
            runtime.reporter().report(finished);
        }
        return finished;
    }

    private void requireRunning() {
        if (finished != null) {
            throw new IllegalStateException("run " + runId + " is finished");
        }
        if (stoppedBy != null) {
            throw new CeilingExceededException(stoppedBy, "the task was stopped: " + stopReason);
        }
    }

    private CeilingExceededException stop(TaskCeilings.Ceiling ceiling, String reason) {
        stoppedBy = ceiling;
        stopReason = reason;
        return new CeilingExceededException(ceiling, reason);
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
