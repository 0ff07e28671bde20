package dev.slipway.agent.kafka;

import java.util.List;

import dev.slipway.agent.RunRecord;
import dev.slipway.events.Arm;
import dev.slipway.events.CallStatus;
import dev.slipway.events.ModelCall;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.RunOutcome;
import dev.slipway.events.ToolCall;

/** A run record as the {@code RunCompleted} event on {@code slipway.runs}. */
public final class RunEvents {

    private RunEvents() {
    }

    public static RunCompleted toEvent(RunRecord run) {
        List<ToolCall> tools = run.toolCalls().stream()
                .map(c -> ToolCall.newBuilder().setTool(c.tool()).setStatus(switch (c.status()) {
                    case OK -> CallStatus.OK;
                    case DENIED -> CallStatus.DENIED;
                    case FAILED -> CallStatus.FAILED;
                }).setLatencyMs(c.latencyMillis()).build())
                .toList();
        List<ModelCall> models = run.modelCalls().stream()
                .map(c -> ModelCall.newBuilder()
                        .setProvider(c.call().provider())
                        .setRegion(c.call().region())
                        .setModel(c.call().model())
                        .setInputTokens(c.call().inputTokens())
                        .setOutputTokens(c.call().outputTokens())
                        .setCostUsd(c.costUsd())
                        .setLatencyMs(c.call().latencyMillis())
                        .setStatus(c.call().succeeded() ? CallStatus.OK
                                : c.call().failure() == dev.slipway.agent.model.ProviderFailure.Kind.TIMEOUT
                                        ? CallStatus.TIMED_OUT : CallStatus.FAILED)
                        .build())
                .toList();
        return RunCompleted.newBuilder()
                .setRunId(run.runId())
                .setDeployment(run.deployment())
                .setDigest(run.digest())
                .setArm(Arm.valueOf(run.arm().name()))
                .setEpoch(run.epoch())
                .setTaskKey(run.taskKey())
                .setInputDigest(run.inputDigest())
                .setWorkerId(run.workerId())
                .setRetrievalDocs(run.retrievalDocs())
                .setToolCalls(tools)
                .setModelCalls(models)
                .setOutcome(RunOutcome.valueOf(run.outcome().name()))
                .setHumanIntervention(run.humanIntervention())
                .setStoppedBy(run.stoppedBy() == null ? null : run.stoppedBy().name())
                .setCostUsd(run.costUsd())
                .setLatencyMs(run.latencyMillis())
                .setStartedAt(run.startedAt())
                .setCompletedAt(run.completedAt())
                .build();
    }
}
