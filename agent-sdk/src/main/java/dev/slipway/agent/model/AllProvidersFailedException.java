package dev.slipway.agent.model;

import java.util.List;

/** No endpoint answered: every one failed, was skipped by its open breaker, or the request was rejected. */
public class AllProvidersFailedException extends RuntimeException {

    private final List<ModelCallRecord> attempts;

    public AllProvidersFailedException(String message, List<ModelCallRecord> attempts) {
        super(message);
        this.attempts = List.copyOf(attempts);
    }

    public List<ModelCallRecord> attempts() {
        return attempts;
    }
}
