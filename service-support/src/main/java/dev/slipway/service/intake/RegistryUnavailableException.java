package dev.slipway.service.intake;

/**
 * A record could not be decoded because the schema registry did not answer (connection refused, time-out, 5xx).
 * Not the record's fault: it is retried, never dead-lettered.
 */
public class RegistryUnavailableException extends RuntimeException {

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
