package dev.slipway.canary.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

import dev.slipway.canary.ArmTally;
import dev.slipway.canary.judge.Decision;
import dev.slipway.canary.judge.Judge;
import dev.slipway.canary.judge.Verdict;
import dev.slipway.events.Alert;
import dev.slipway.events.AlertReason;
import dev.slipway.events.Arm;
import dev.slipway.events.ArmMetrics;
import dev.slipway.events.ArtifactDiff;
import dev.slipway.events.CanaryWindow;
import dev.slipway.events.CommandType;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.RolloutCommand;
import dev.slipway.events.RolloutProgress;
import dev.slipway.events.RolloutStarted;
import dev.slipway.events.RolloutStatus;
import dev.slipway.events.RunCompleted;
import dev.slipway.events.RunFeedback;
import dev.slipway.events.RunOutcome;
import dev.slipway.events.Severity;
import dev.slipway.service.ArtifactDiffs;

/**
 * Per deployment: tallies each run into its arm of the current step (late outcomes joined by run id), asks the
 * {@link Judge} after every counted run and on a wall-clock tick, and turns the verdict into a command, a window and
 * an alert. The statistics and the plan are the judge's; this class only keeps state and moves records.
 */
final class RolloutProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Logger LOG = Logger.getLogger(RolloutProcessor.class);
    static final String ISSUER = "canary-service";

    private final Duration tick;
    private final Duration feedbackWindow;
    private final Duration bake;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, RolloutStarted> definitions;
    private KeyValueStore<String, RolloutProgress> progressStore;
    private KeyValueStore<String, RunCompleted> pending;
    private KeyValueStore<String, ReleaseBuilt> releases;
    /**
     * Write-through copy of the progress store, decoded: a run then costs one encode (the store's put) instead of a
     * decode and an encode. Every change goes through {@link #save}, so it never differs from the store; it is
     * emptied whenever the task is (re)initialised or closed, when the store may have been restored from the
     * changelog.
     */
    private final Map<String, RolloutProgress> progressCache = new HashMap<>();
    /** The same for the definitions store, which changes only when a rollout starts. */
    private final Map<String, RolloutStarted> definitionCache = new HashMap<>();
    /** The judge's view of the current rollout's definition (plan, guardrails, budgets), by deployment. */
    private final Map<String, JudgeMapping.Rules> rulesCache = new HashMap<>();

    /**
     * @param bake how long the hard breakers keep watching a promoted release, now serving every task, before the
     *             rollout is over; zero: over at the promotion
     */
    RolloutProcessor(Duration tick, Duration feedbackWindow, Duration bake) {
        this.tick = tick;
        this.feedbackWindow = feedbackWindow;
        this.bake = bake;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.definitions = context.getStateStore(CanaryTopology.DEFINITIONS_STORE);
        this.progressStore = context.getStateStore(CanaryTopology.PROGRESS_STORE);
        this.pending = context.getStateStore(CanaryTopology.PENDING_STORE);
        this.releases = context.getStateStore(CanaryTopology.RELEASES_STORE);
        progressCache.clear();
        definitionCache.clear();
        rulesCache.clear();
        context.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::onTick);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        Instant at = Instant.ofEpochMilli(record.timestamp());
        SpecificRecord value = record.value();
        if (value == null) {
            // A tombstone on slipway.rollouts forgets the rollout's record; a judged rollout ends only by command.
            return;
        }
        if (value instanceof RolloutStarted rollout) {
            onRollout(rollout, at);
        } else if (value instanceof RunCompleted run) {
            onRun(run, at);
        } else if (value instanceof RunFeedback feedback) {
            onFeedback(feedback, at);
        } else if (value instanceof RolloutCommand command) {
            onCommand(command);
        }
    }

    @Override
    public void close() {
        progressCache.clear();
        definitionCache.clear();
        rulesCache.clear();
    }

    private RolloutProgress progress(String deployment) {
        return progressCache.computeIfAbsent(deployment, progressStore::get);
    }

    private void save(String deployment, RolloutProgress progress) {
        progressStore.put(deployment, progress);
        progressCache.put(deployment, progress);
    }

    /** The definition of the deployment's current rollout: there is one whenever there is progress. */
    private RolloutStarted definition(String deployment) {
        return definitionCache.computeIfAbsent(deployment, definitions::get);
    }

    private JudgeMapping.Rules rules(String deployment) {
        return rulesCache.computeIfAbsent(deployment, d -> JudgeMapping.rules(definition(d)));
    }

    private void onRollout(RolloutStarted rollout, Instant at) {
        if (rollout.getBaseline() == null || rollout.getEntry() == dev.slipway.events.RolloutEntry.FLIP) {
            // A first deploy, or a release entering by a flip, becomes stable directly: nothing to judge.
            return;
        }
        RolloutProgress existing = progress(rollout.getDeployment());
        if (existing != null && existing.getRolloutId().equals(rollout.getRolloutId())) {
            return;
        }
        // The definition never changes during the rollout: kept apart, so a run rewrites only the tallies.
        definitions.put(rollout.getDeployment(), rollout);
        definitionCache.put(rollout.getDeployment(), rollout);
        rulesCache.remove(rollout.getDeployment());
        RolloutProgress progress = RolloutProgress.newBuilder()
                .setRolloutId(rollout.getRolloutId())
                .setStatus(RolloutStatus.RUNNING)
                .setStep(0)
                .setStepStartedAt(at.toEpochMilli())
                .setBaseline(ArmTally.empty(rollout.getBaseline()))
                .setCanary(ArmTally.empty(rollout.getCandidate()))
                .setRateWindowStart(at.toEpochMilli())
                .build();
        try {
            JudgeMapping.input(progress, rules(rollout.getDeployment()), at);
        } catch (RuntimeException e) {
            // A rollout the judge cannot run must not go on unjudged, nor stop the judging of other deployments.
            failSafe(rollout.getDeployment(), progress, "rollout cannot be judged: " + e.getMessage(), at);
            return;
        }
        save(rollout.getDeployment(), progress);
    }

    /** Takes the candidate out (ABORT) and tells operators why, when the judge itself cannot decide. */
    private void failSafe(String deployment, RolloutProgress progress, String why, Instant now) {
        LOG.errorf("%s rollout %s: %s; aborting", deployment, progress.getRolloutId(), why);
        CanaryWindow window = forwardWindow(deployment, progress, now);
        forwardCommand(deployment, progress, CommandType.ABORT, null, why, window, now);
        forwardAlert(deployment, progress, AlertReason.ERROR, Severity.CRITICAL, why, window, now);
        progress.setStatus(RolloutStatus.ERROR);
        progress.setLastDecision("ABORT ERROR: " + why);
        progress.setWindowDirty(false);
        save(deployment, progress);
    }

    private void onCommand(RolloutCommand command) {
        RolloutProgress progress = progress(command.getDeployment());
        if (progress == null || isFinished(progress) || (command.getRolloutId() != null
                && !command.getRolloutId().equals(progress.getRolloutId()))) {
            return; // a finished rollout is final, whatever comes back on the command topic
        }
        RolloutStatus next = switch (command.getType()) {
            case PAUSE -> isActive(progress) ? RolloutStatus.PAUSED : null;
            case RESUME -> progress.getStatus() == RolloutStatus.PAUSED ? RolloutStatus.RUNNING : null;
            case ROLLBACK -> RolloutStatus.ROLLED_BACK;
            case ABORT -> RolloutStatus.ABORTED;
            // Our own PROMOTE, read back: while the bake runs the rollout is not over yet.
            case PROMOTE -> progress.getStatus() == RolloutStatus.BAKING ? null : RolloutStatus.PROMOTED;
            default -> null; // RAMP and HOLD: ours, already in the state
        };
        if (next != null && next != progress.getStatus()) {
            progress.setStatus(next);
            save(command.getDeployment(), progress);
        }
    }

    private void onRun(RunCompleted run, Instant at) {
        RolloutProgress progress = progress(run.getDeployment());
        if (progress == null || isFinished(progress)) {
            return;
        }
        Arm arm = armOf(definition(run.getDeployment()), run.getDigest());
        if (arm == null) {
            return;
        }
        if (arm == Arm.CANARY) {
            countCandidateSpend(progress, run.getCostUsd(), run.getCompletedAt());
        }
        boolean inThisStep = !run.getStartedAt().isBefore(JudgeMapping.stepStartedAt(progress));
        if (inThisStep) {
            // An error is a known outcome: count it now, with no intervention unless one was reported.
            boolean awaitingFeedback = run.getOutcome() == RunOutcome.PENDING
                    || (run.getHumanIntervention() == null && run.getOutcome() != RunOutcome.ERROR);
            if (awaitingFeedback) {
                pending.put(run.getRunId(), run);
                ArmTally.pending(armMetrics(progress, arm), +1);
            } else {
                ArmTally.add(armMetrics(progress, arm), finished(run, null, Boolean.FALSE));
            }
            progress.setWindowDirty(true);
        }
        judge(run.getDeployment(), progress, at);
    }

    private void onFeedback(RunFeedback feedback, Instant at) {
        RunCompleted run = pending.get(feedback.getRunId());
        if (run == null) {
            return; // unknown, already finished, or past the feedback window
        }
        RolloutProgress progress = progress(run.getDeployment());
        if (progress == null || isFinished(progress)) {
            pending.delete(run.getRunId());
            return;
        }
        RunCompleted merged = RunCompleted.newBuilder(run)
                .setOutcome(feedback.getSuccess() == null ? run.getOutcome()
                        : feedback.getSuccess() ? RunOutcome.SUCCEEDED : RunOutcome.FAILED)
                .setHumanIntervention(feedback.getHumanIntervention() != null ? feedback.getHumanIntervention()
                        : run.getHumanIntervention())
                .build();
        Arm arm = armOf(definition(run.getDeployment()), run.getDigest());
        if (merged.getOutcome() == RunOutcome.PENDING || arm == null
                || run.getStartedAt().isBefore(JudgeMapping.stepStartedAt(progress))) {
            // Still waiting for success, or the step moved on: keep (or drop) without counting.
            if (arm == null || run.getStartedAt().isBefore(JudgeMapping.stepStartedAt(progress))) {
                pending.delete(run.getRunId());
            } else {
                pending.put(run.getRunId(), merged);
            }
            return;
        }
        pending.delete(run.getRunId());
        ArmMetrics metrics = armMetrics(progress, arm);
        ArmTally.pending(metrics, -1);
        // Intervention unknown once success is known: the downstream system saw none.
        ArmTally.add(metrics, finished(merged, null, Boolean.FALSE));
        progress.setWindowDirty(true);
        judge(run.getDeployment(), progress, at);
    }

    private void onTick(long wallClockMs) {
        Instant now = Instant.ofEpochMilli(wallClockMs);
        // Dropped runs first, so the windows published below already show them gone.
        expirePending(now);
        List<String> active = new ArrayList<>();
        try (KeyValueIterator<String, RolloutProgress> all = progressStore.all()) {
            all.forEachRemaining(kv -> {
                if (!isFinished(kv.value)) {
                    active.add(kv.key);
                }
            });
        }
        for (String deployment : active) {
            judge(deployment, progress(deployment), now);
            RolloutProgress after = progress(deployment);
            if (after.getWindowDirty()) {
                forwardWindow(deployment, after, now);
                after.setWindowDirty(false);
                save(deployment, after);
            }
        }
    }

    private void expirePending(Instant now) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, RunCompleted> all = pending.all()) {
            all.forEachRemaining(kv -> {
                if (kv.value.getCompletedAt().plus(feedbackWindow).isBefore(now)) {
                    expired.add(kv.key);
                }
            });
        }
        for (String runId : expired) {
            RunCompleted run = pending.get(runId);
            pending.delete(runId);
            RolloutProgress progress = progress(run.getDeployment());
            Arm arm = progress == null ? null : armOf(definition(run.getDeployment()), run.getDigest());
            if (arm != null && !run.getStartedAt().isBefore(JudgeMapping.stepStartedAt(progress))) {
                ArmTally.expired(armMetrics(progress, arm));
                progress.setWindowDirty(true);
                save(run.getDeployment(), progress);
            }
        }
    }

    private void judge(String deployment, RolloutProgress progress, Instant now) {
        if (progress.getStatus() == RolloutStatus.BAKING) {
            watchBake(deployment, progress, now);
            return;
        }
        if (progress.getStatus() != RolloutStatus.RUNNING && progress.getStatus() != RolloutStatus.HELD) {
            save(deployment, progress);
            return;
        }
        Verdict verdict;
        try {
            verdict = Judge.evaluate(JudgeMapping.input(progress, rules(deployment), now));
        } catch (RuntimeException e) {
            failSafe(deployment, progress, "judge failed: " + e.getMessage(), now);
            return;
        }
        Decision decision = verdict.decision();
        int judgedStep = progress.getStep();
        boolean holdAlreadyRaised = progress.getHoldRaised();
        String rolloutId = progress.getRolloutId();
        switch (decision) {
            case CONTINUE -> {
            }
            case RAMP -> {
                CanaryWindow window = forwardWindow(deployment, progress, now);
                forwardCommand(deployment, progress, CommandType.RAMP, verdict.targetWeightPercent(), verdict.message(),
                        window, now);
                progress.setStep(progress.getStep() + 1);
                progress.setStepStartedAt(now.toEpochMilli());
                RolloutStarted rollout = definition(deployment);
                progress.setBaseline(ArmTally.empty(rollout.getBaseline()));
                progress.setCanary(ArmTally.empty(rollout.getCandidate()));
                progress.setHoldRaised(false);
                progress.setStatus(RolloutStatus.RUNNING);
                progress.setWindowDirty(false);
            }
            case PROMOTE -> {
                CanaryWindow window = forwardWindow(deployment, progress, now);
                forwardCommand(deployment, progress, CommandType.PROMOTE, null, verdict.message(), window, now);
                progress.setWindowDirty(false);
                if (bake.isZero() || bake.isNegative()) {
                    progress.setStatus(RolloutStatus.PROMOTED);
                } else {
                    // The bake: the new stable's own tallies from here, watched by the hard breakers only.
                    progress.setStatus(RolloutStatus.BAKING);
                    progress.setStepStartedAt(now.toEpochMilli());
                    RolloutStarted rollout = definition(deployment);
                    progress.setBaseline(ArmTally.empty(rollout.getBaseline()));
                    progress.setCanary(ArmTally.empty(rollout.getCandidate()));
                    progress.setLargestTaskSpendUsd(0.0);
                }
            }
            case ABORT -> {
                if (isFrozen(deployment, verdict)) {
                    freeze(deployment, progress, verdict, now);
                    break;
                }
                CanaryWindow window = forwardWindow(deployment, progress, now);
                forwardCommand(deployment, progress, CommandType.ABORT, null, verdict.message(), window, now);
                forwardAlert(deployment, progress, verdict.reason().isBreaker() ? AlertReason.BREAKER_TRIPPED
                        : AlertReason.REGRESSION, Severity.CRITICAL, verdict.message(), window, now);
                progress.setStatus(RolloutStatus.ABORTED);
                progress.setWindowDirty(false);
            }
            case ROLLBACK -> throw new IllegalStateException("the judge rolls back only during a bake");
            case HOLD -> {
                if (!progress.getHoldRaised()) {
                    CanaryWindow window = forwardWindow(deployment, progress, now);
                    forwardCommand(deployment, progress, CommandType.HOLD, null, verdict.message(), window, now);
                    forwardAlert(deployment, progress, AlertReason.HOLD, Severity.WARNING, verdict.message(), window, now);
                    progress.setHoldRaised(true);
                    progress.setStatus(RolloutStatus.HELD);
                    progress.setWindowDirty(false);
                }
            }
        }
        boolean frozen = decision == Decision.ABORT && isFrozen(deployment, verdict);
        boolean repeated = holdAlreadyRaised && (decision == Decision.HOLD || frozen);
        if (decision != Decision.CONTINUE && !repeated) {
            String taken = frozen ? "HOLD (frozen instead of ABORT)" : decision.name();
            LOG.infof("%s rollout %s step %d: %s (%s) %s", deployment, rolloutId, judgedStep, taken,
                    verdict.reason(), verdict.message());
            progress.setLastDecision(taken + " " + verdict.reason() + ": " + verdict.message());
        }
        save(deployment, progress);
    }

    private boolean isFrozen(String deployment, Verdict verdict) {
        return definition(deployment).getOnRegression() == dev.slipway.events.RegressionPolicy.FREEZE
                && !verdict.reason().isSpendBreaker();
    }

    /**
     * A rollout that asked for a human in the loop ({@code onRegression: FREEZE}): instead of aborting, hold at the
     * current weight (a HOLD command, the route unchanged) and page with the abort's reason; once, however often the
     * judge finds it again. Spend breakers never come here.
     */
    private void freeze(String deployment, RolloutProgress progress, Verdict verdict, Instant now) {
        if (progress.getHoldRaised()) {
            return;
        }
        String why = "frozen at the current weight instead of aborting (onRegression FREEZE): " + verdict.message()
                + "; a human decides: bin/slipway rollback to take the candidate out, or let it run";
        CanaryWindow window = forwardWindow(deployment, progress, now);
        forwardCommand(deployment, progress, CommandType.HOLD, null, why, window, now);
        forwardAlert(deployment, progress, verdict.reason().isBreaker() ? AlertReason.BREAKER_TRIPPED
                : AlertReason.REGRESSION, Severity.CRITICAL, why, window, now);
        progress.setHoldRaised(true);
        progress.setStatus(RolloutStatus.HELD);
        progress.setWindowDirty(false);
    }

    /**
     * During the bake: the hard breakers on the promoted release; a trip rolls back to last-good (a ROLLBACK command
     * and a critical alert); once the bake has lasted its time without a trip, the rollout is over.
     */
    private void watchBake(String deployment, RolloutProgress progress, Instant now) {
        JudgeMapping.Rules rules = rules(deployment);
        Verdict verdict = Judge.bake(JudgeMapping.stats(progress.getCanary()), rules.guardrails(), rules.budgets(),
                progress.getLargestTaskSpendUsd());
        if (verdict.decision() == Decision.ROLLBACK) {
            CanaryWindow window = forwardWindow(deployment, progress, now);
            forwardCommand(deployment, progress, CommandType.ROLLBACK, null, verdict.message(), window, now);
            forwardAlert(deployment, progress, AlertReason.ROLLBACK, Severity.CRITICAL, verdict.message(), window, now);
            progress.setStatus(RolloutStatus.ROLLED_BACK);
            progress.setWindowDirty(false);
            progress.setLastDecision(verdict.decision() + " " + verdict.reason() + ": " + verdict.message());
            LOG.infof("%s rollout %s: %s", deployment, progress.getRolloutId(), verdict.message());
        } else if (!now.isBefore(JudgeMapping.stepStartedAt(progress).plus(bake))) {
            progress.setStatus(RolloutStatus.PROMOTED);
            progress.setLastDecision("PROMOTE BAKED: no breaker tripped in the " + bake + " after the promotion");
            LOG.infof("%s rollout %s: baked %s without a breaker", deployment, progress.getRolloutId(), bake);
        }
        save(deployment, progress);
    }

    private CanaryWindow forwardWindow(String deployment, RolloutProgress progress, Instant now) {
        CanaryWindow window = CanaryWindow.newBuilder()
                .setRolloutId(progress.getRolloutId())
                .setDeployment(deployment)
                .setStep(progress.getStep())
                .setWeightPercent(weightOf(definition(deployment), progress.getStep()))
                .setWindowStart(JudgeMapping.stepStartedAt(progress))
                .setWindowEnd(now.isBefore(JudgeMapping.stepStartedAt(progress)) ? JudgeMapping.stepStartedAt(progress) : now)
                .setBaseline(progress.getBaseline())
                .setCanary(progress.getCanary())
                .build();
        context.forward(new Record<String, SpecificRecord>(deployment, window, now.toEpochMilli()), CanaryTopology.METRICS_SINK);
        return window;
    }

    private void forwardCommand(String deployment, RolloutProgress progress, CommandType type, Integer weight,
            String reason, CanaryWindow window, Instant now) {
        String rolloutId = progress.getRolloutId();
        // Derived from rollout, step and decision: a replay after a crash yields the same id, which the router
        // applies once.
        String commandId = UUID.nameUUIDFromBytes((rolloutId + "/" + progress.getStep() + "/" + type)
                .getBytes(StandardCharsets.UTF_8)).toString();
        RolloutCommand command = RolloutCommand.newBuilder()
                .setCommandId(commandId)
                .setDeployment(deployment)
                .setRolloutId(rolloutId)
                .setType(type)
                .setWeightPercent(weight)
                .setReason(reason)
                .setSnapshot(window)
                .setIssuedBy(ISSUER)
                .setIssuedAt(now)
                .build();
        context.forward(new Record<String, SpecificRecord>(deployment, command, now.toEpochMilli()), CanaryTopology.COMMANDS_SINK);
    }

    private void forwardAlert(String deployment, RolloutProgress progress, AlertReason reason, Severity severity,
            String message, CanaryWindow window, Instant now) {
        RolloutStarted rollout = definition(deployment);
        Alert alert = Alert.newBuilder()
                .setAlertId(UUID.nameUUIDFromBytes((rollout.getRolloutId() + "/" + progress.getStep() + "/" + reason)
                        .getBytes(StandardCharsets.UTF_8)).toString())
                .setDeployment(deployment)
                .setRolloutId(rollout.getRolloutId())
                .setReason(reason)
                .setSeverity(severity)
                .setMessage(message)
                .setMetrics(window)
                .setDiff(diff(rollout.getBaseline(), rollout.getCandidate()))
                .setRaisedAt(now)
                .build();
        context.forward(new Record<String, SpecificRecord>(deployment, alert, now.toEpochMilli()), CanaryTopology.ALERTS_SINK);
    }

    private ArtifactDiff diff(String baseline, String candidate) {
        ReleaseBuilt from = releases.get(baseline);
        ReleaseBuilt to = releases.get(candidate);
        if (from == null || to == null) {
            return ArtifactDiffs.digestsOnly(baseline, candidate, "release content not known to the canary service");
        }
        try {
            return ArtifactDiffs.between(from, to);
        } catch (RuntimeException e) {
            return ArtifactDiffs.digestsOnly(baseline, candidate, "diff unavailable: " + e.getMessage());
        }
    }

    private static void countCandidateSpend(RolloutProgress progress, double cost, Instant completedAt) {
        progress.setCandidateSpendUsd(progress.getCandidateSpendUsd() + cost);
        progress.setLargestTaskSpendUsd(Math.max(progress.getLargestTaskSpendUsd(), cost));
        if (!completedAt.isBefore(JudgeMapping.rateWindowStart(progress).plus(JudgeMapping.RATE_WINDOW))) {
            progress.setRateWindowStart(completedAt.toEpochMilli());
            progress.setRateWindowTasks(0);
            progress.setRateWindowSpendUsd(0.0);
        }
        progress.setRateWindowTasks(progress.getRateWindowTasks() + 1);
        progress.setRateWindowSpendUsd(progress.getRateWindowSpendUsd() + cost);
    }

    private static ArmTally.FinishedTask finished(RunCompleted run, Boolean success, Boolean intervention) {
        boolean ok = success != null ? success : run.getOutcome() == RunOutcome.SUCCEEDED;
        boolean helped = run.getHumanIntervention() != null ? run.getHumanIntervention()
                : intervention != null && intervention;
        return new ArmTally.FinishedTask(ok, helped, run.getOutcome() == RunOutcome.ERROR, run.getCostUsd(),
                run.getLatencyMs());
    }

    private static Arm armOf(RolloutStarted rollout, String digest) {
        if (digest.equals(rollout.getCandidate())) {
            return Arm.CANARY;
        }
        if (digest.equals(rollout.getBaseline())) {
            return Arm.BASELINE;
        }
        return null;
    }

    private static ArmMetrics armMetrics(RolloutProgress progress, Arm arm) {
        return arm == Arm.CANARY ? progress.getCanary() : progress.getBaseline();
    }

    private static int weightOf(RolloutStarted rollout, int step) {
        var plan = rollout.getPlan();
        return plan.isEmpty() ? 0 : plan.get(Math.min(step, plan.size() - 1)).getWeightPercent();
    }

    private static boolean isActive(RolloutProgress progress) {
        return progress.getStatus() == RolloutStatus.RUNNING || progress.getStatus() == RolloutStatus.HELD;
    }

    private static boolean isFinished(RolloutProgress progress) {
        return progress.getStatus() == RolloutStatus.PROMOTED || progress.getStatus() == RolloutStatus.ABORTED
                || progress.getStatus() == RolloutStatus.ROLLED_BACK || progress.getStatus() == RolloutStatus.ERROR;
    }
}
