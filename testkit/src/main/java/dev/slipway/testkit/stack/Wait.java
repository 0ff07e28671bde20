package dev.slipway.testkit.stack;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds (the e2e harness uses Awaitility; a harness needs only this). */
public final class Wait {

    private Wait() {
    }

    /** Polls every {@code every} until {@code condition} holds; fails naming {@code what} after {@code atMost}. */
    public static void until(String what, Duration atMost, Duration every, BooleanSupplier condition) {
        long deadline = System.nanoTime() + atMost.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
                last = null;
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + atMost.toMillis() + " ms waiting for " + what,
                        last);
            }
            sleep(every);
        }
    }

    public static void until(String what, Duration atMost, BooleanSupplier condition) {
        until(what, atMost, Duration.ofMillis(20), condition);
    }

    public static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
