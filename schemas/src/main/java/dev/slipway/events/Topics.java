package dev.slipway.events;

import java.util.List;

/**
 * The catalogue of every Slipway topic. Keys are UTF-8 strings: a deployment id ({@code agent/env}) unless said
 * otherwise, and always the one the value names ({@link Topic#expectedKey}).
 *
 * <p>Null values ({@link Topic#nullValue()}): on the compacted topics a tombstone deletes the key's entry — a release
 * withdrawn ({@code slipway.releases}), a label unbound, a deployment's route or rollout record forgotten, a worker
 * deregistered, a deployment's budget lifted; it never moves a route nor ends a judged rollout, which only commands do. On every other topic a null
 * value is a bad record and goes to the dead-letter topic.
 */
public final class Topics {

    /**
     * A release record carries the whole release (every prompt text, every tool inline) so that whoever reads it can
     * verify the signed digest from the record alone. A release within the release-core limits (16 MiB of files, sent
     * in a body of at most 32 MiB) encodes to well under this record limit; the builder checks the encoded size before
     * it signs, and refuses rather than fails.
     */
    public static final Topic<ReleaseBuilt> RELEASES = new Topic<>("slipway.releases", "release digest",
            ReleaseBuilt.class, true, ReleaseBuilt::getDigest, 64 * 1024 * 1024);
    public static final Topic<ReleaseLabelBound> RELEASE_LABELS =
            new Topic<>("slipway.release-labels", "agent@label", ReleaseLabelBound.class, true,
                    binding -> binding.getAgent() + "@" + binding.getLabel());
    public static final Topic<PromotionEvent> PROMOTIONS =
            new Topic<>("slipway.promotions", "deployment", PromotionEvent.class, false, PromotionEvent::getDeployment);
    public static final Topic<RolloutStarted> ROLLOUTS =
            new Topic<>("slipway.rollouts", "deployment", RolloutStarted.class, true, RolloutStarted::getDeployment);
    public static final Topic<RunCompleted> RUNS =
            new Topic<>("slipway.runs", "deployment", RunCompleted.class, false, RunCompleted::getDeployment);
    public static final Topic<RunFeedback> RUN_FEEDBACK =
            new Topic<>("slipway.run-feedback", "deployment", RunFeedback.class, false, RunFeedback::getDeployment);
    public static final Topic<CanaryWindow> CANARY_METRICS =
            new Topic<>("slipway.canary-metrics", "deployment", CanaryWindow.class, false, CanaryWindow::getDeployment);
    public static final Topic<RolloutCommand> ROLLOUT_COMMANDS =
            new Topic<>("slipway.rollout-commands", "deployment", RolloutCommand.class, false,
                    RolloutCommand::getDeployment);
    public static final Topic<Route> ROUTES =
            new Topic<>("slipway.routes", "deployment", Route.class, true, Route::getDeployment);
    public static final Topic<Alert> ALERTS =
            new Topic<>("slipway.alerts", "deployment", Alert.class, false, Alert::getDeployment);
    public static final Topic<DeploymentBudget> BUDGETS =
            new Topic<>("slipway.budgets", "deployment", DeploymentBudget.class, true, DeploymentBudget::getDeployment);
    /** The alert dispatch's ledger: one record per alert and sink once the sink took it, or gave up on it. */
    public static final Topic<AlertDelivery> ALERT_DELIVERIES =
            new Topic<>("slipway.alert-deliveries", "alert id/sink", AlertDelivery.class, true,
                    d -> d.getAlertId() + "/" + d.getSink());
    /** Alerts a sink never took after every retry, with the alert itself: kept forever, for an operator to act on. */
    public static final Topic<AlertDelivery> ALERT_DEAD_LETTER =
            new Topic<>("slipway.alert-dead-letter", "deployment", AlertDelivery.class, false,
                    AlertDelivery::getDeployment);
    public static final Topic<WorkerHeartbeat> WORKERS =
            new Topic<>("slipway.workers", "worker id", WorkerHeartbeat.class, true, WorkerHeartbeat::getWorkerId);

    /**
     * Records a consumer could not decode or that broke their topic's contract, kept byte for byte (the value up to
     * a bounded prefix) with headers naming the consumer, the source topic, partition, offset and the reason, so
     * nothing is lost and the consumer moves on. Each bad record is here once per consumer. Not Avro: hence not a
     * {@link Topic}.
     */
    public static final String DEAD_LETTER = "slipway.dead-letter";

    public static final List<Topic<?>> ALL = List.of(RELEASES, RELEASE_LABELS, PROMOTIONS, ROLLOUTS, RUNS,
            RUN_FEEDBACK, CANARY_METRICS, ROLLOUT_COMMANDS, ROUTES, ALERTS, ALERT_DELIVERIES, ALERT_DEAD_LETTER, WORKERS,
            BUDGETS);

    /**
     * The audit trail — who requested, approved and completed each promotion, and every command that moved a
     * pointer — and the pages no sink took. Created with no time limit on retention ({@code retention.ms=-1}), so
     * they are never aged out.
     */
    public static final java.util.Set<String> RETAINED_FOREVER = java.util.Set.of(PROMOTIONS.name(),
            ROLLOUT_COMMANDS.name(), ALERT_DEAD_LETTER.name());

    private Topics() {
    }
}
