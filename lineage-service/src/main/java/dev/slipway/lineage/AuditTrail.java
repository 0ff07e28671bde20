package dev.slipway.lineage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.slipway.events.PromotionEvent;
import dev.slipway.events.RolloutCommand;
import dev.slipway.events.RolloutStarted;
import dev.slipway.events.Route;

/**
 * The history of each deployment's pointer, joined from the events that moved it: promotion steps (who requested,
 * approved, rejected, through which gate), rollout starts (who, why, which promotion), operator and judge commands
 * (rollback, pause, resume, ramp, promote, abort) and the route changes themselves (what became stable when, and the
 * command or rollout that made it so). Plain Java: the service feeds it from the topics.
 */
public final class AuditTrail {

    /**
     * One step of a deployment's history.
     *
     * @param kind   e.g. {@code promotion REQUESTED}, {@code rollout FLIP}, {@code command ROLLBACK}, {@code stable}
     * @param actor  who: a verified token's subject, or the service that decided ({@code canary-service})
     * @param gate   the gate passed (or, on a refusal, the one that refused), when the step went through one
     * @param digest the release the step is about
     */
    public record Entry(Instant at, String kind, String actor, List<String> roles, String digest, String reason,
            String gate, String reference) {
    }

    private record Start(String startedBy, String promotionId, String reason) {
    }

    private final Map<String, List<Entry>> byDeployment = new HashMap<>();
    private final Map<String, String> stableByDeployment = new HashMap<>();
    private final Map<String, Start> rollouts = new HashMap<>();
    private final Map<String, RolloutCommand> commands = new HashMap<>();
    private final java.util.Set<String> seen = new java.util.HashSet<>();

    public synchronized void promotion(PromotionEvent e) {
        add(e.getDeployment(), "promotion:" + e.getPromotionId() + ":" + e.getType() + ":" + e.getOccurredAt().toEpochMilli(),
                new Entry(e.getOccurredAt(), "promotion " + e.getType(), e.getActor(), List.copyOf(e.getRoles()),
                        e.getDigest(), e.getReason(), e.getGate(), e.getPromotionId()));
    }

    public synchronized void rollout(RolloutStarted r) {
        rollouts.put(r.getRolloutId(), new Start(r.getStartedBy(), r.getPromotionId(), r.getReason()));
        add(r.getDeployment(), "rollout:" + r.getRolloutId(), new Entry(r.getStartedAt(), "rollout " + r.getEntry(),
                r.getStartedBy(), List.of(), r.getCandidate(), r.getReason() != null ? r.getReason()
                        : r.getPromotionId() == null ? "started directly by an operator, not through a promotion" : null,
                r.getPromotionId() != null ? "PROMOTION" : "OPERATOR", r.getPromotionId() != null
                        ? "promotion " + r.getPromotionId() : "rollout " + r.getRolloutId()));
    }

    public synchronized void command(RolloutCommand c) {
        commands.put(c.getCommandId(), c);
        add(c.getDeployment(), "command:" + c.getCommandId(), new Entry(c.getIssuedAt(), "command " + c.getType(),
                c.getIssuedBy(), List.of(), null, c.getReason(), null, c.getRolloutId() == null ? null
                        : "rollout " + c.getRolloutId()));
    }

    /** A route record: an entry only when what is stable changed. */
    public synchronized void route(Route r) {
        String previous = stableByDeployment.get(r.getDeployment());
        if (r.getStable() == null || r.getStable().equals(previous)) {
            return;
        }
        stableByDeployment.put(r.getDeployment(), r.getStable());
        String actor = "router-service";
        String why = "stable is now " + r.getStable() + " (epoch " + r.getEpoch() + ")";
        String reference = null;
        RolloutCommand cause = r.getLastCommandId() == null ? null : commands.get(r.getLastCommandId());
        if (cause != null) {
            actor = cause.getIssuedBy();
            why += " after " + cause.getType() + (cause.getReason() == null ? "" : ": " + cause.getReason());
            reference = "command " + cause.getCommandId();
        } else if (r.getRolloutId() != null && rollouts.containsKey(r.getRolloutId())) {
            Start start = rollouts.get(r.getRolloutId());
            actor = start.startedBy();
            why += start.promotionId() != null ? " through promotion " + start.promotionId() : " (rollout "
                    + r.getRolloutId() + ")";
            reference = start.promotionId() != null ? "promotion " + start.promotionId() : "rollout " + r.getRolloutId();
        }
        add(r.getDeployment(), "route:" + r.getDeployment() + ":" + r.getEpoch() + ":" + r.getStable(),
                new Entry(r.getUpdatedAt(), "stable", actor, List.of(), r.getStable(), why, null, reference));
    }

    private void add(String deployment, String identity, Entry entry) {
        if (seen.add(identity)) {
            byDeployment.computeIfAbsent(deployment, d -> new ArrayList<>()).add(entry);
        }
    }

    /** Oldest first. */
    public synchronized List<Entry> of(String deployment) {
        List<Entry> entries = new ArrayList<>(byDeployment.getOrDefault(deployment, List.of()));
        entries.sort(Comparator.comparing(Entry::at));
        return entries;
    }

    /**
     * What moved a deployment's route to a version: the command it names ({@code lastCommandId}), else the start of
     * the rollout it belongs to — who, when, why.
     */
    public synchronized Optional<Entry> causeOf(String deployment, String lastCommandId, String rolloutId) {
        List<Entry> entries = byDeployment.getOrDefault(deployment, List.of());
        RolloutCommand command = lastCommandId == null ? null : commands.get(lastCommandId);
        if (command != null) {
            return Optional.of(new Entry(command.getIssuedAt(), "command " + command.getType(), command.getIssuedBy(),
                    List.of(), null, command.getReason(), null, "command " + command.getCommandId()));
        }
        if (rolloutId != null && rollouts.containsKey(rolloutId)) {
            Start start = rollouts.get(rolloutId);
            String reference = start.promotionId() != null ? "promotion " + start.promotionId() : "rollout " + rolloutId;
            for (Entry e : entries) {
                if (e.kind().startsWith("rollout ") && reference.equals(e.reference())) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }

    public synchronized Optional<String> stable(String deployment) {
        return Optional.ofNullable(stableByDeployment.get(deployment));
    }
}
