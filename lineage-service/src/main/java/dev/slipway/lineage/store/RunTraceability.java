package dev.slipway.lineage.store;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether a run traces back to a release the deployment's route could have picked: the decision behind the lineage
 * completeness flag. Plain Java, one outcome per {@link Verdict}.
 *
 * <p>A run names the deployment, the release digest that ran it and the route epoch the router served it under
 * (0 when it was sent to a worker directly). It is traceable when that digest is a release built and signed by the
 * builder (it is on {@code slipway.releases}) and the route in force at that epoch — the last one the router
 * published with an epoch at or below it: a router contains an abort before it publishes the new epoch — had the
 * digest as its stable or its canary. An evaluation run (environment {@code eval}) is of a candidate, which by
 * design is not a release yet, and is never routed: it is recorded and not flagged.
 */
public final class RunTraceability {

    public enum Verdict {
        /** A known release, picked by the route in force. */
        TRACEABLE(false),
        /** An evaluation of a candidate, sent to its worker directly: expected to be neither built nor routed. */
        EVALUATION(false),
        /** The digest is no release the builder signed and published. */
        UNKNOWN_RELEASE(true),
        /** A known release that no route of the deployment could have picked at that epoch. */
        NOT_ROUTED(true),
        /**
         * The run names a release or a route epoch not seen so far: the record may simply not have arrived yet
         * (another topic; a router contains an abort before it publishes). Judged again when a route arrives, every
         * few seconds, and at the latest after a grace period, on what is there then.
         */
        AWAITING_ROUTE(false);

        private final boolean flagged;

        Verdict(boolean flagged) {
            this.flagged = flagged;
        }

        public boolean flagged() {
            return flagged;
        }
    }

    /** What a route record said: its epoch and the two releases it could pick. */
    public record RouteAt(long epoch, String stable, String canary) {
    }

    public record Finding(Verdict verdict, String explanation) {
        public boolean flagged() {
            return verdict.flagged();
        }
    }

    /** The environment whose runs are evaluations of candidates (see the eval runner). */
    public static final String EVAL_ENVIRONMENT = "eval";

    private RunTraceability() {
    }

    /**
     * The verdict once the routes up to the run's epoch are known (or the grace period is over).
     *
     * @param releaseKnown whether the digest is on {@code slipway.releases}
     * @param routeInForce the deployment's last route with an epoch at or below the run's, if any
     */
    public static Finding judge(String deployment, String digest, long epoch, boolean releaseKnown,
            Optional<RouteAt> routeInForce) {
        return judge(deployment, digest, epoch, releaseKnown, routeInForce, OptionalLong.empty(), true);
    }

    /**
     * @param latestEpochSeen the newest epoch of the deployment's routes seen so far, if any route was
     * @param graceOver       whether the run has waited long enough for a release or route that may still be on its
     *                        way (another topic, read by another thread): then what is not there is taken as missing
     */
    public static Finding judge(String deployment, String digest, long epoch, boolean releaseKnown,
            Optional<RouteAt> routeInForce, OptionalLong latestEpochSeen, boolean graceOver) {
        if (deployment.endsWith("/" + EVAL_ENVIRONMENT)) {
            return new Finding(Verdict.EVALUATION, "an evaluation run of " + digest + ", sent to its worker directly");
        }
        if (!releaseKnown) {
            return graceOver
                    ? new Finding(Verdict.UNKNOWN_RELEASE, digest + " is not a release the builder signed and published")
                    : new Finding(Verdict.AWAITING_ROUTE, "release " + digest + " not seen yet");
        }
        if (epoch <= 0) {
            return new Finding(Verdict.NOT_ROUTED, "the run names no route epoch: it was sent to a worker directly, "
                    + "not through the router of " + deployment);
        }
        if (!graceOver && (latestEpochSeen.isEmpty() || latestEpochSeen.getAsLong() < epoch)) {
            return new Finding(Verdict.AWAITING_ROUTE, "no route of " + deployment + " at epoch " + epoch
                    + " seen yet");
        }
        if (routeInForce.isEmpty()) {
            return new Finding(Verdict.NOT_ROUTED, "no route of " + deployment + " at or before epoch " + epoch
                    + " is known");
        }
        RouteAt route = routeInForce.get();
        if (digest.equals(route.stable()) || digest.equals(route.canary())) {
            return new Finding(Verdict.TRACEABLE, "picked by the route of epoch " + route.epoch() + " ("
                    + (digest.equals(route.stable()) ? "stable" : "canary") + ")");
        }
        return new Finding(Verdict.NOT_ROUTED, "the route of epoch " + route.epoch() + " served stable "
                + route.stable() + (route.canary() == null ? "" : " and canary " + route.canary()) + ", not " + digest);
    }
}
