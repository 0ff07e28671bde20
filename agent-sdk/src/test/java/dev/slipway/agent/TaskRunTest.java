package dev.slipway.agent;

import static dev.slipway.agent.model.ScriptedModels.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.slipway.agent.RunRecord.ToolCallRecord;
import dev.slipway.agent.model.AllProvidersFailedException;
import dev.slipway.agent.model.ModelEndpoint;
import dev.slipway.agent.model.ModelFailover;
import dev.slipway.agent.model.ModelRequest;
import dev.slipway.agent.model.ProviderFailure;
import dev.slipway.agent.model.ScriptedModels;
import dev.slipway.release.Digests;

/** A task's calls through the guard, the failover and the ceilings, and the run it reports: one test per outcome. */
class TaskRunTest {

    static final ModelEndpoint PRIMARY = endpoint("anthropic", "us-east-1", "claude-sonnet-4", "2025-05-14");
    static final ModelEndpoint SECONDARY = endpoint("bedrock", "eu-west-1", "claude-sonnet-4", "2025-05-14");
    static final ModelRequest ASK = new ModelRequest(List.of(new ModelRequest.Message("user", "triage this")), 200);
    static final TaskCeilings GENEROUS = new TaskCeilings(10, 10, 100_000, 1.0);

    final RunReporter.InMemory reported = new RunReporter.InMemory();
    final ScriptedModels models = new ScriptedModels().answer(PRIMARY.id(), 1_000, 200).answer(SECONDARY.id(), 1_000, 200);

    TaskRun task(TaskCeilings ceilings) {
        ModelFailover failover = new ModelFailover(SignedReleases.pinned().model(), List.of(PRIMARY, SECONDARY), models,
                ModelFailover.BreakerSettings.DEFAULT);
        AgentRuntime runtime = new AgentRuntime(SignedReleases.pinned(), failover, ceilings, reported,
                "worker-1", Clock.systemUTC());
        return runtime.begin(new TaskContext("support-triage/prod", TaskContext.Arm.CANARY, 7, "ticket-42",
                "{\"subject\":\"Charged twice\"}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSucceededTaskReportsItsReleaseCallsCostAndInput() throws Exception {
        TaskRun task = task(GENEROUS);
        task.retrieved(List.of("kb-101", "kb-204"));
        task.chat(ASK);
        String found = task.tool("search_kb", List.of("kb:read"), () -> "3 articles");

        RunRecord run = task.finish(RunRecord.Outcome.SUCCEEDED, false);

        assertThat(found).isEqualTo("3 articles");
        assertThat(run.digest()).isEqualTo(SignedReleases.SAMPLE.digest());
        assertThat(run.deployment()).isEqualTo("support-triage/prod");
        assertThat(run.arm()).isEqualTo(TaskContext.Arm.CANARY);
        assertThat(run.epoch()).isEqualTo(7);
        assertThat(run.taskKey()).isEqualTo("ticket-42");
        assertThat(run.workerId()).isEqualTo("worker-1");
        assertThat(run.inputDigest()).isEqualTo(Digests.sha256("{\"subject\":\"Charged twice\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(run.retrievalDocs()).containsExactly("kb-101", "kb-204");
        assertThat(run.toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.tool()).isEqualTo("search_kb");
            assertThat(c.status()).isEqualTo(ToolCallRecord.Status.OK);
        });
        assertThat(run.modelCalls()).singleElement().satisfies(c -> {
            assertThat(c.call().provider()).isEqualTo("anthropic");
            assertThat(c.call().region()).isEqualTo("us-east-1");
            assertThat(c.costUsd()).isEqualTo((1_000 * 3.0 + 200 * 15.0) / 1e6);
        });
        assertThat(run.costUsd()).isEqualTo(0.006);
        assertThat(run.outcome()).isEqualTo(RunRecord.Outcome.SUCCEEDED);
        assertThat(run.stoppedBy()).isNull();
        assertThat(run.humanIntervention()).isFalse();
        assertThat(task.finish(RunRecord.Outcome.FAILED, true)).as("finish is idempotent").isSameAs(run);
        assertThat(reported.runs()).as("reported once").containsExactly(run);
    }

    @Test
    void aRefusedToolIsRecordedAndNeverExecuted() {
        TaskRun task = task(GENEROUS);
        AtomicInteger executed = new AtomicInteger();

        assertThatThrownBy(() -> task.tool("refund_payment", List.of("payments:write"), executed::incrementAndGet))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("tool 'refund_payment' is not in the release");
        assertThatThrownBy(() -> task.tool("search_kb", List.of("kb:write"), executed::incrementAndGet))
                .isInstanceOf(ToolRefusedException.class)
                .hasMessageContaining("not granted scope kb:write");

        assertThat(executed).hasValue(0);
        assertThat(task.finish(RunRecord.Outcome.SUCCEEDED, null).toolCalls())
                .extracting(ToolCallRecord::tool, ToolCallRecord::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("refund_payment", ToolCallRecord.Status.DENIED),
                        org.assertj.core.groups.Tuple.tuple("search_kb", ToolCallRecord.Status.DENIED));
    }

    @Test
    void aToolThatThrowsIsRecordedAsFailed() {
        TaskRun task = task(GENEROUS);
        assertThatThrownBy(() -> task.tool("search_kb", List.of("kb:read"), () -> {
            throw new IllegalStateException("index offline");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(task.finish(RunRecord.Outcome.ERROR, null).toolCalls()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(ToolCallRecord.Status.FAILED);
            assertThat(c.reason()).contains("index offline");
        });
    }

    @Test
    void theModelCallCeilingStopsALoopingTask() {
        TaskRun task = task(new TaskCeilings(3, 10, 100_000, 1.0));
        for (int i = 0; i < 3; i++) {
            task.chat(ASK);
        }
        assertStopped(task, TaskCeilings.Ceiling.MODEL_CALLS, () -> task.chat(ASK));
        assertThat(models.calls()).hasSize(3);
    }

    @Test
    void theToolCallCeilingStopsATaskBeforeTheCallRuns() throws Exception {
        TaskRun task = task(new TaskCeilings(10, 2, 100_000, 1.0));
        AtomicInteger executed = new AtomicInteger();
        task.tool("search_kb", List.of("kb:read"), executed::incrementAndGet);
        task.tool("search_kb", List.of("kb:read"), executed::incrementAndGet);
        assertStopped(task, TaskCeilings.Ceiling.TOOL_CALLS, () -> task.tool("search_kb", List.of("kb:read"), executed::incrementAndGet));
        assertThat(executed).hasValue(2);
    }

    @Test
    void theTokenCeilingStopsTheTaskAtTheCallThatCrossesIt() {
        TaskRun task = task(new TaskCeilings(10, 10, 2_000, 1.0));
        task.chat(ASK); // 1,200 tokens
        assertStopped(task, TaskCeilings.Ceiling.TOKENS, () -> task.chat(ASK)); // 2,400
    }

    @Test
    void theSpendCeilingStopsTheTaskAtTheCallThatCrossesIt() {
        TaskRun task = task(new TaskCeilings(10, 10, 100_000, 0.01));
        task.chat(ASK); // 0.006 USD
        assertStopped(task, TaskCeilings.Ceiling.SPEND, () -> task.chat(ASK)); // 0.012 USD
        assertThat(task.spend()).isEqualTo(0.012);
    }

    @Test
    void aFailedOverCallIsPricedAtTheProviderThatAnswered() {
        models.fail(PRIMARY.id(), ProviderFailure.Kind.RATE_LIMITED);
        TaskRun task = task(GENEROUS);
        task.chat(ASK);
        RunRecord run = task.finish(RunRecord.Outcome.SUCCEEDED, false);
        assertThat(run.modelCalls()).extracting(c -> c.call().provider(), RunRecord.PricedModelCall::costUsd)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("anthropic", 0.0),
                        org.assertj.core.groups.Tuple.tuple("bedrock", (1_000 * 3.3 + 200 * 16.5) / 1e6));
    }

    @Test
    void noProviderAnsweringIsRecordedInTheRun() {
        models.fail(PRIMARY.id(), ProviderFailure.Kind.SERVER_ERROR).fail(SECONDARY.id(), ProviderFailure.Kind.GARBAGE);
        TaskRun task = task(GENEROUS);
        assertThatThrownBy(() -> task.chat(ASK)).isInstanceOf(AllProvidersFailedException.class);
        RunRecord run = task.finish(RunRecord.Outcome.ERROR, null);
        assertThat(run.outcome()).isEqualTo(RunRecord.Outcome.ERROR);
        assertThat(run.modelCalls()).extracting(c -> c.call().failure())
                .containsExactly(ProviderFailure.Kind.SERVER_ERROR, ProviderFailure.Kind.GARBAGE);
        assertThat(run.costUsd()).isZero();
    }

    @Test
    void anEndpointWithoutAPriceInTheReleaseIsRefusedAtStart() {
        ModelEndpoint vertex = endpoint("vertex", "us-central1", "claude-sonnet-4", "2025-05-14");
        ModelFailover failover = new ModelFailover(SignedReleases.pinned().model(), List.of(PRIMARY, vertex), models,
                ModelFailover.BreakerSettings.DEFAULT);
        assertThatThrownBy(() -> new AgentRuntime(SignedReleases.pinned(), failover, GENEROUS, reported, "w", Clock.systemUTC()))
                .isInstanceOf(ReleaseRefusedException.class)
                .hasMessageContaining("no price for provider 'vertex'").hasMessageContaining("[anthropic, bedrock]");
    }

    private static void assertStopped(TaskRun task, TaskCeilings.Ceiling ceiling, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CeilingExceededException.class,
                e -> assertThat(e.ceiling()).isEqualTo(ceiling));
        assertThat(task.stopped()).isTrue();
        assertThatThrownBy(() -> task.chat(ASK)).as("a stopped task makes no more calls")
                .isInstanceOfSatisfying(CeilingExceededException.class, e -> assertThat(e.ceiling()).isEqualTo(ceiling));
        RunRecord run = task.finish(RunRecord.Outcome.SUCCEEDED, null);
        assertThat(run.outcome()).isEqualTo(RunRecord.Outcome.FAILED);
        assertThat(run.stoppedBy()).isEqualTo(ceiling);
    }

}
