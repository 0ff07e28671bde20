package dev.slipway.agent;

import java.time.Instant;
import java.util.List;

import dev.slipway.agent.model.ModelCallRecord;

/**
 * Everything one task did, as reported on {@code slipway.runs}: which release and arm ran it, what it saw, every tool
 * and model call, how it ended and what it cost.
 *
 * @param stoppedBy the ceiling that stopped the task, or null
 */
public record RunRecord(String runId, String deployment, String digest, TaskContext.Arm arm, long epoch, String taskKey,
        String inputDigest, String workerId, List<String> retrievalDocs, List<ToolCallRecord> toolCalls,
        List<PricedModelCall> modelCalls, Outcome outcome, TaskCeilings.Ceiling stoppedBy, Boolean humanIntervention,
        double costUsd, long latencyMillis, Instant startedAt, Instant completedAt) {

    /** How a task ended, as far as the worker knows; PENDING when success is only known from later feedback. */
    public enum Outcome {
        SUCCEEDED, FAILED, ERROR, PENDING
    }

    /** A tool call: executed (OK or FAILED) or refused by the guard or a ceiling (DENIED, never executed). */
    public record ToolCallRecord(String tool, Status status, long latencyMillis, String reason) {
        public enum Status {
            OK, DENIED, FAILED
        }
    }

    /** A model call attempt and its cost (0 for a failed attempt). */
    public record PricedModelCall(ModelCallRecord call, double costUsd) {
    }

    public RunRecord {
        retrievalDocs = List.copyOf(retrievalDocs);
        toolCalls = List.copyOf(toolCalls);
        modelCalls = List.copyOf(modelCalls);
    }
}
