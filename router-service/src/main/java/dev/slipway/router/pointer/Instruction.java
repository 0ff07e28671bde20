package dev.slipway.router.pointer;

import dev.slipway.events.CommandType;

/**
 * An instruction to the pointer: the start of a rollout, or a command. Both carry an id so that a replay after a
 * restart is recognised and applied once.
 */
public sealed interface Instruction {

    String id();

    String deployment();

    /** Start a canary of {@code candidate} (or, on a deployment with no stable yet, make it stable). */
    /** @param flip whether the candidate becomes stable at once instead of starting as a canary */
    record Start(String id, String deployment, String rolloutId, String candidate, int firstWeightPercent, boolean flip)
            implements Instruction {
    }

    /** RAMP, PROMOTE, ABORT, HOLD, ROLLBACK, PAUSE or RESUME. */
    record Command(String id, String deployment, String rolloutId, CommandType type, Integer weightPercent,
            String reason) implements Instruction {
    }
}
