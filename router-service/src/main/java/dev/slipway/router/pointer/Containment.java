package dev.slipway.router.pointer;

import dev.slipway.events.CommandType;
import dev.slipway.events.RolloutCommand;
import dev.slipway.events.Route;

/**
 * Contain first, publish after: the route tasks and look-ups are served from while an ABORT is decided (committed by
 * the canary service) but the pointer's own new route is not published yet. The pointer is a pure function, so the
 * route it will publish for that ABORT is known now: {@link RoutePointer} applied to the published route. Only an ABORT
 * that names the rollout the route is running counts — an ABORT of an earlier rollout, or one naming no rollout, never
 * touches a later canary — and it only ever moves traffic back to the stable release, the safe direction. Once the
 * pointer publishes, the published route is the same.
 */
public final class Containment {

    private static final RoutePointer POINTER = new RoutePointer(candidate -> false);

    private Containment() {
    }

    /**
     * @param published the route the pointer last published
     * @param lastAbort the last ABORT seen for the deployment, or null
     */
    public static Route effective(Route published, RolloutCommand lastAbort) {
        if (published == null || lastAbort == null || lastAbort.getType() != CommandType.ABORT
                || lastAbort.getRolloutId() == null || published.getCanary() == null
                || !lastAbort.getRolloutId().equals(published.getRolloutId())) {
            return published;
        }
        PointerDecision decision = POINTER.apply(published, new Instruction.Command(lastAbort.getCommandId(),
                lastAbort.getDeployment(), lastAbort.getRolloutId(), CommandType.ABORT, null, lastAbort.getReason()),
                lastAbort.getIssuedAt());
        return decision instanceof PointerDecision.Moved moved ? moved.route() : published;
    }
}
