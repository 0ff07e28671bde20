package dev.slipway.agent.model;

/**
 * One attempt at one endpoint, as a run records it.
 *
 * @param failure null when the call succeeded; the failure's kind otherwise
 */
public record ModelCallRecord(String provider, String region, String model, long inputTokens, long outputTokens,
        long latencyMillis, ProviderFailure.Kind failure) {

    public boolean succeeded() {
        return failure == null;
    }
}
