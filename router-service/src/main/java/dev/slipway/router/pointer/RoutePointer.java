package dev.slipway.router.pointer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import dev.slipway.events.AlertReason;
import dev.slipway.events.Route;
import dev.slipway.events.RouteState;
import dev.slipway.router.pointer.PointerDecision.AlertNote;
import dev.slipway.router.pointer.PointerDecision.Moved;
import dev.slipway.router.pointer.PointerDecision.Refused;
import dev.slipway.router.pointer.PointerDecision.Unchanged;

/**
 * The pointer's state machine: how one instruction moves a deployment's route. Plain Java with no Kafka, applied by
 * the router's single-writer topology. Every change bumps the epoch, so "one task never straddles two versions
 * within an epoch" holds by construction. Releases are checked through {@code releaseIsTrusted}: a rollout naming a
 * release that is unknown, or whose content or signature does not verify, is refused.
 */
public final class RoutePointer {

    private final Predicate<String> releaseIsTrusted;

    public RoutePointer(Predicate<String> releaseIsTrusted) {
        this.releaseIsTrusted = releaseIsTrusted;
    }

    /** @param current the route now, or null for a deployment that has none yet */
    public PointerDecision apply(Route current, Instruction instruction, Instant now) {
        if (instruction instanceof Instruction.Start start) {
            return start(current, start, now);
        }
        Instruction.Command command = (Instruction.Command) instruction;
        if (current == null) {
            return new Refused("deployment " + command.deployment() + " has no route yet");
        }
        return switch (command.type()) {
            case RAMP -> ramp(current, command, now);
            case PROMOTE -> promote(current, command, now);
            case ABORT -> abort(current, command, now);
            case HOLD -> new Unchanged("HOLD changes no route");
            case ROLLBACK -> rollback(current, command, now);
            case PAUSE -> pause(current, command, now);
            case RESUME -> resume(current, command, now);
            default -> new Refused("unknown command type " + command.type());
        };
    }

    private PointerDecision start(Route current, Instruction.Start start, Instant now) {
        if (!releaseIsTrusted.test(start.candidate())) {
            return new Refused("release " + start.candidate() + " is unknown or does not verify (content digest or signature)");
        }
        if (current == null || current.getStable() == null) {
            return new Moved(Route.newBuilder()
                    .setDeployment(start.deployment())
                    .setStable(start.candidate())
                    .setCanary(null)
                    .setCanaryWeightPercent(0)
                    .setLastGood(null)
                    .setEpoch(nextEpoch(current))
                    .setState(RouteState.STABLE)
                    .setRolloutId(start.rolloutId())
                    .setLastCommandId(start.id())
                    .setUpdatedAt(now)
                    .build(), Optional.empty());
        }
        if (start.candidate().equals(current.getStable())) {
            return new Refused("release " + start.candidate() + " is already stable on " + start.deployment());
        }
        if (current.getCanary() != null) {
            return new Refused("rollout " + current.getRolloutId() + " of " + current.getCanary()
                    + " is in progress on " + start.deployment() + "; it must be promoted or aborted first");
        }
        if (start.flip()) {
            // Entering by a flip: the candidate is stable at once, the release it replaces stays warm as last-good.
            return moved(Route.newBuilder(current)
                    .setStable(start.candidate())
                    .setCanary(null)
                    .setCanaryWeightPercent(0)
                    .setLastGood(current.getStable())
                    .setState(RouteState.STABLE)
                    .setRolloutId(start.rolloutId()), start.id(), now, null);
        }
        if (start.firstWeightPercent() <= 0 || start.firstWeightPercent() > 100) {
            return new Refused("first canary weight must be within 1..100 %, was " + start.firstWeightPercent());
        }
        return moved(Route.newBuilder(current)
                .setCanary(start.candidate())
                .setCanaryWeightPercent(start.firstWeightPercent())
                .setState(RouteState.CANARY)
                .setRolloutId(start.rolloutId()), start.id(), now, null);
    }

    private PointerDecision ramp(Route current, Instruction.Command command, Instant now) {
        Optional<Refused> refused = requireActiveRollout(current, command);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (current.getState() == RouteState.PAUSED) {
            return new Refused("rollout " + current.getRolloutId() + " is paused; RESUME before RAMP");
        }
        Integer weight = command.weightPercent();
        if (weight == null || weight <= current.getCanaryWeightPercent() || weight > 100) {
            // Raising only: lowering the weight would move tasks back from canary to baseline.
            return new Refused("RAMP must raise the canary weight above " + current.getCanaryWeightPercent()
                    + " % and at most to 100 %, was " + weight);
        }
        return moved(Route.newBuilder(current).setCanaryWeightPercent(weight), command.id(), now, null);
    }

    private PointerDecision promote(Route current, Instruction.Command command, Instant now) {
        Optional<Refused> refused = requireActiveRollout(current, command);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (current.getState() == RouteState.PAUSED) {
            // A pause freezes the rollout for an operator: nothing may widen it. ABORT stays allowed.
            return new Refused("rollout " + current.getRolloutId() + " is paused; RESUME before PROMOTE");
        }
        return moved(Route.newBuilder(current)
                .setLastGood(current.getStable())
                .setStable(current.getCanary())
                .setCanary(null)
                .setCanaryWeightPercent(0)
                .setState(RouteState.STABLE), command.id(), now, null);
    }

    private PointerDecision abort(Route current, Instruction.Command command, Instant now) {
        Optional<Refused> refused = requireActiveRollout(current, command);
        if (refused.isPresent()) {
            return refused.get();
        }
        return moved(Route.newBuilder(current)
                .setCanary(null)
                .setCanaryWeightPercent(0)
                .setState(RouteState.STABLE), command.id(), now, null);
    }

    private PointerDecision rollback(Route current, Instruction.Command command, Instant now) {
        if (command.rolloutId() != null && !Objects.equals(command.rolloutId(), current.getRolloutId())) {
            // The judge's rollback after a bake names its rollout: never the pointer of a rollout started since.
            return new Refused("ROLLBACK names rollout " + command.rolloutId() + " but the route's is "
                    + current.getRolloutId());
        }
        if (current.getLastGood() == null) {
            return new Refused("deployment " + command.deployment() + " has no last-good release to roll back to");
        }
        if (current.getCanary() == null && current.getLastGood().equals(current.getStable())) {
            return new Unchanged("already on last-good " + current.getLastGood());
        }
        String from = current.getCanary() != null ? current.getCanary() : current.getStable();
        AlertNote alert = new AlertNote(AlertReason.ROLLBACK, "rollback of " + command.deployment() + " to last-good "
                + current.getLastGood() + (command.reason() == null ? "" : ": " + command.reason()), from,
                current.getLastGood());
        return moved(Route.newBuilder(current)
                .setStable(current.getLastGood())
                .setCanary(null)
                .setCanaryWeightPercent(0)
                .setState(RouteState.ROLLED_BACK), command.id(), now, alert);
    }

    private PointerDecision pause(Route current, Instruction.Command command, Instant now) {
        Optional<Refused> refused = requireActiveRollout(current, command);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (current.getState() != RouteState.CANARY) {
            return new Refused("only a running canary can be paused; " + command.deployment() + " is " + current.getState());
        }
        return moved(Route.newBuilder(current).setState(RouteState.PAUSED), command.id(), now, null);
    }

    private PointerDecision resume(Route current, Instruction.Command command, Instant now) {
        Optional<Refused> refused = requireActiveRollout(current, command);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (current.getState() != RouteState.PAUSED) {
            return new Refused("only a paused canary can be resumed; " + command.deployment() + " is " + current.getState());
        }
        return moved(Route.newBuilder(current).setState(RouteState.CANARY), command.id(), now, null);
    }

    private static Optional<Refused> requireActiveRollout(Route current, Instruction.Command command) {
        if (current.getCanary() == null) {
            return Optional.of(new Refused(command.type() + " needs a running canary; " + command.deployment() + " has none"));
        }
        if (command.rolloutId() != null && !Objects.equals(command.rolloutId(), current.getRolloutId())) {
            // A decision about an earlier rollout must never move the pointer of a later one.
            return Optional.of(new Refused(command.type() + " names rollout " + command.rolloutId()
                    + " but the running one is " + current.getRolloutId()));
        }
        return Optional.empty();
    }

    private static PointerDecision moved(Route.Builder next, String instructionId, Instant now, AlertNote alert) {
        return new Moved(next.setEpoch(next.getEpoch() + 1).setLastCommandId(instructionId).setUpdatedAt(now).build(),
                Optional.ofNullable(alert));
    }

    private static long nextEpoch(Route current) {
        return current == null ? 1 : current.getEpoch() + 1;
    }
}
