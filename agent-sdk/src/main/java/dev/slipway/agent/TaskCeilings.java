package dev.slipway.agent;

/**
 * Per-task ceilings that stop a runaway loop: model calls, tool calls, tokens (input and output together) and spend.
 * Crossing one stops the task at once; the run says which.
 */
public record TaskCeilings(int maxModelCalls, int maxToolCalls, long maxTokens, double maxSpendUsd) {

    /** Which ceiling stopped a task. */
    public enum Ceiling {
        MODEL_CALLS, TOOL_CALLS, TOKENS, SPEND
    }

    public TaskCeilings {
        if (maxModelCalls < 1 || maxToolCalls < 0 || maxTokens < 1 || !(maxSpendUsd > 0) || Double.isInfinite(maxSpendUsd)) {
            throw new IllegalArgumentException("ceilings must be positive (tool calls may be 0), were " + maxModelCalls
                    + " model calls, " + maxToolCalls + " tool calls, " + maxTokens + " tokens, " + maxSpendUsd + " USD");
        }
    }
}
