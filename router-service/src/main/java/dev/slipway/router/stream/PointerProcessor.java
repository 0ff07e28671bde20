package dev.slipway.router.stream;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import dev.slipway.events.Alert;
import dev.slipway.events.AlertReason;
import dev.slipway.events.ArtifactDiff;
import dev.slipway.events.CanaryWindow;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.RolloutCommand;
import dev.slipway.events.RolloutStarted;
import dev.slipway.events.Route;
import dev.slipway.events.Severity;
import dev.slipway.router.pointer.Instruction;
import dev.slipway.router.pointer.PointerDecision;
import dev.slipway.router.pointer.RoutePointer;
import dev.slipway.service.ArtifactDiffs;

/**
 * Applies rollout starts and commands to the route of their deployment, once each (by instruction id), and forwards
 * the new route and any alert. The decision itself is {@link RoutePointer}'s; this class only moves records.
 */
final class PointerProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger LOG = Logger.getLogger(PointerProcessor.class);

    private final Predicate<ReleaseBuilt> trusted;
    private final java.time.Duration appliedRetention;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, Route> routes;
    private KeyValueStore<String, Long> applied;
    private KeyValueStore<String, ReleaseBuilt> releases;
    private KeyValueStore<String, CanaryWindow> windows;
    private RoutePointer pointer;

    /**
     * @param appliedRetention how long an applied instruction's id is remembered against a duplicate: with exactly-once
     *                         processing a record is never applied twice by replay, so the ids only guard an instruction
     *                         sent twice, which happens within moments, not days; older ids are forgotten so the store
     *                         stays bounded by the instructions of that period
     */
    PointerProcessor(Predicate<ReleaseBuilt> trusted, java.time.Duration appliedRetention) {
        this.trusted = trusted;
        this.appliedRetention = appliedRetention;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.routes = context.getStateStore(RouterTopology.ROUTES_STORE);
        this.applied = context.getStateStore(RouterTopology.APPLIED_STORE);
        this.releases = context.getStateStore(RouterTopology.RELEASES_STORE);
        this.windows = context.getStateStore(RouterTopology.WINDOWS_STORE);
        this.pointer = new RoutePointer(digest -> {
            ReleaseBuilt release = releases.get(digest);
            return release != null && trusted.test(release);
        });
        java.time.Duration every = appliedRetention.dividedBy(10).compareTo(java.time.Duration.ofHours(1)) > 0
                ? java.time.Duration.ofHours(1) : appliedRetention.dividedBy(10);
        context.schedule(every, org.apache.kafka.streams.processor.PunctuationType.WALL_CLOCK_TIME,
                this::forgetAppliedBefore);
    }

    /** Forgets the ids of instructions applied longer than the retention ago. */
    private void forgetAppliedBefore(long nowMillis) {
        long cutoff = nowMillis - appliedRetention.toMillis();
        java.util.List<String> old = new java.util.ArrayList<>();
        try (var all = applied.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value != null && entry.value < cutoff) {
                    old.add(entry.key);
                }
            });
        }
        old.forEach(applied::delete);
        if (!old.isEmpty()) {
            LOG.debugf("forgot %d instruction ids applied before %s", old.size(), Instant.ofEpochMilli(cutoff));
        }
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() == null) {
            // A tombstone on slipway.rollouts forgets the rollout's record; a route moves only through instructions.
            return;
        }
        if (record.value() instanceof CanaryWindow window) {
            windows.put(window.getDeployment(), window);
            return;
        }
        Instruction instruction = toInstruction(record.key(), record.value());
        if (instruction == null) {
            return;
        }
        // The sources' gates passed only instructions keyed by the deployment they name: the key decides the
        // partition and so which instance owns the route.
        if (applied.get(instruction.id()) != null) {
            LOG.debugf("instruction %s on %s already applied", instruction.id(), instruction.deployment());
            return;
        }
        Instant now = Instant.ofEpochMilli(record.timestamp());
        Route current = routes.get(instruction.deployment());
        PointerDecision decision = pointer.apply(current, instruction, now);
        if (decision instanceof PointerDecision.Moved moved) {
            routes.put(instruction.deployment(), moved.route());
            context.forward(record.withKey(instruction.deployment()).withValue((SpecificRecord) moved.route()),
                    RouterTopology.ROUTES_SINK);
            moved.alert().ifPresent(note -> forwardAlert(record, instruction, note.reason(), Severity.CRITICAL,
                    note.message(), diff(note.fromDigest(), note.toDigest())));
        } else if (decision instanceof PointerDecision.Refused refused) {
            LOG.warnf("refused %s on %s: %s", instruction.id(), instruction.deployment(), refused.why());
            forwardAlert(record, instruction, AlertReason.ERROR, Severity.WARNING, "refused: " + refused.why(), null);
        }
        applied.put(instruction.id(), record.timestamp());
    }

    private static Instruction toInstruction(String key, SpecificRecord value) {
        if (value instanceof RolloutStarted started) {
            int firstWeight = started.getPlan().isEmpty() ? 0 : started.getPlan().get(0).getWeightPercent();
            return new Instruction.Start("rollout:" + started.getRolloutId(), started.getDeployment(),
                    started.getRolloutId(), started.getCandidate(), firstWeight,
                    started.getEntry() == dev.slipway.events.RolloutEntry.FLIP);
        }
        if (value instanceof RolloutCommand command) {
            return new Instruction.Command(command.getCommandId(), command.getDeployment(), command.getRolloutId(),
                    command.getType(), command.getWeightPercent(), command.getReason());
        }
        LOG.warnf("ignoring %s keyed %s", value.getClass().getSimpleName(), key);
        return null;
    }

    private ArtifactDiff diff(String from, String to) {
        ReleaseBuilt fromRelease = releases.get(from);
        ReleaseBuilt toRelease = releases.get(to);
        if (fromRelease == null || toRelease == null) {
            return ArtifactDiffs.digestsOnly(from, to, "release content not known to the router");
        }
        return ArtifactDiffs.between(fromRelease, toRelease);
    }

    private void forwardAlert(Record<String, SpecificRecord> record, Instruction instruction, AlertReason reason,
            Severity severity, String message, ArtifactDiff diff) {
        String rolloutId = instruction instanceof Instruction.Start s ? s.rolloutId()
                : ((Instruction.Command) instruction).rolloutId();
        Alert alert = Alert.newBuilder()
                // Derived from the instruction id: a replay produces the same alert id, so consumers can dedupe.
                .setAlertId(UUID.nameUUIDFromBytes(("alert:" + instruction.id()).getBytes(StandardCharsets.UTF_8)).toString())
                .setDeployment(instruction.deployment())
                .setRolloutId(rolloutId)
                .setReason(reason)
                .setSeverity(severity)
                .setMessage(message)
                .setMetrics(windows.get(instruction.deployment()))
                .setDiff(diff)
                .setRaisedAt(Instant.ofEpochMilli(record.timestamp()))
                .build();
        context.forward(record.withKey(instruction.deployment()).withValue((SpecificRecord) alert), RouterTopology.ALERTS_SINK);
    }
}
