package dev.slipway.router.pointer;

import java.util.Optional;

import dev.slipway.events.AlertReason;
import dev.slipway.events.Route;

/** What applying one instruction to a deployment's route decided. */
public sealed interface PointerDecision {

    /** The route moves; an alert goes out when the change is one operators must hear about. */
    record Moved(Route route, Optional<AlertNote> alert) implements PointerDecision {
    }

    /** Nothing to do: a replayed command, or a command that changes nothing (HOLD). */
    record Unchanged(String why) implements PointerDecision {
    }

    /** The instruction cannot be applied to this route; the route stays as it is and operators are told why. */
    record Refused(String why) implements PointerDecision {
    }

    /** An alert to raise along with a route change: the reason, the message, and the releases it concerns. */
    record AlertNote(AlertReason reason, String message, String fromDigest, String toDigest) {
    }
}
