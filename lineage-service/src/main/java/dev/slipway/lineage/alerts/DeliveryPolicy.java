package dev.slipway.lineage.alerts;

import java.time.Duration;

/**
 * When an attempt to deliver a page is over, and how long to wait before the next: a 2xx is delivered; a time-out,
 * a connection refused, 408, 429 or a 5xx is tried again after an exponential back-off (Retry-After honoured when
 * longer) until the attempts run out; any other 4xx says the request itself is wrong (a moved URL, a refused
 * payload), so it is given up at once. Given up means dead-lettered with the alert, never dropped. Plain Java.
 */
public record DeliveryPolicy(int maxAttempts, Duration firstBackoff, Duration longestBackoff) {

    public enum Verdict {
        DELIVERED, RETRY, GIVE_UP
    }

    public DeliveryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /**
     * @param status  the HTTP status of the answer, or -1 when there was none (time-out, connection refused)
     * @param attempt the attempt just made, from 1
     */
    public Verdict after(int status, int attempt) {
        if (status >= 200 && status < 300) {
            return Verdict.DELIVERED;
        }
        boolean transient_ = status < 0 || status == 408 || status == 429 || status >= 500;
        return transient_ && attempt < maxAttempts ? Verdict.RETRY : Verdict.GIVE_UP;
    }

    /** The pause before attempt {@code attempt + 1}: first, doubled each time, at most the longest. */
    public Duration backoff(int attempt, Duration retryAfter) {
        long millis = firstBackoff.toMillis() << Math.min(20, attempt - 1);
        Duration pause = Duration.ofMillis(Math.min(millis, longestBackoff.toMillis()));
        return retryAfter != null && retryAfter.compareTo(pause) > 0 && retryAfter.compareTo(longestBackoff) <= 0
                ? retryAfter : pause;
    }
}
