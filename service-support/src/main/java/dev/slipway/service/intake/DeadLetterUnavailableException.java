package dev.slipway.service.intake;

/** A bad record could not be written to the dead-letter topic: the consumer stays on it rather than lose it. */
public class DeadLetterUnavailableException extends RuntimeException {

    public DeadLetterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
