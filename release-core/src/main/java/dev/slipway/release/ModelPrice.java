package dev.slipway.release;

/**
 * What one provider charges for the pinned model, in USD per million tokens. Part of the model part: a price change
 * is a release change, and cost per task — which the canary judges — is computed from the release that ran.
 */
public record ModelPrice(double inputPerMillionTokens, double outputPerMillionTokens) {

    /** The cost of a call, in USD. */
    public double costUsd(long inputTokens, long outputTokens) {
        return (inputTokens * inputPerMillionTokens + outputTokens * outputPerMillionTokens) / 1_000_000d;
    }
}
