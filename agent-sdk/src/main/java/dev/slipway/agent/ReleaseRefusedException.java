package dev.slipway.agent;

/** The worker will not run the release it was pinned to: the message says what did not match. */
public class ReleaseRefusedException extends RuntimeException {

    public ReleaseRefusedException(String message) {
        super(message);
    }

    public ReleaseRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
