package dev.slipway.agent.model;

/** A model call that failed, and whether another provider should be tried. */
public class ProviderFailure extends Exception {

    /** What went wrong, from the caller's side. */
    public enum Kind {
        /** Connection refused, reset, DNS: the provider is unreachable. */
        CONNECTION(true),
        /** No answer within the timeout. */
        TIMEOUT(true),
        /** 429: the provider sheds load. */
        RATE_LIMITED(true),
        /** 5xx. */
        SERVER_ERROR(true),
        /** An answer that is not the API's shape (garbage, truncated, wrong JSON). */
        GARBAGE(true),
        /** Another 4xx: the request itself is wrong, and every provider would refuse it. */
        REJECTED(false);

        private final boolean failover;

        Kind(boolean failover) {
            this.failover = failover;
        }

        /** True when another provider may well answer. */
        public boolean failover() {
            return failover;
        }
    }

    private final Kind kind;

    public ProviderFailure(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ProviderFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
