package dev.slipway.events;

import java.util.List;

/** The catalogue of every Slipway topic. Keys are strings: a deployment id ({@code agent/env}) unless said otherwise. */
public final class Topics {

    public static final Topic<ReleaseBuilt> RELEASES =
            new Topic<>("slipway.releases", "release digest", ReleaseBuilt.class, true);
    public static final Topic<ReleaseLabelBound> RELEASE_LABELS =
            new Topic<>("slipway.release-labels", "agent@label", ReleaseLabelBound.class, true);
    public static final Topic<PromotionEvent> PROMOTIONS =
            new Topic<>("slipway.promotions", "deployment", PromotionEvent.class, false);
    public static final Topic<RolloutStarted> ROLLOUTS =
            new Topic<>("slipway.rollouts", "deployment", RolloutStarted.class, true);
    public static final Topic<RunCompleted> RUNS =
            new Topic<>("slipway.runs", "deployment", RunCompleted.class, false);
    public static final Topic<RunFeedback> RUN_FEEDBACK =
            new Topic<>("slipway.run-feedback", "deployment", RunFeedback.class, false);
    public static final Topic<CanaryWindow> CANARY_METRICS =
            new Topic<>("slipway.canary-metrics", "deployment", CanaryWindow.class, false);
    public static final Topic<RolloutCommand> ROLLOUT_COMMANDS =
            new Topic<>("slipway.rollout-commands", "deployment", RolloutCommand.class, false);
    public static final Topic<Route> ROUTES =
            new Topic<>("slipway.routes", "deployment", Route.class, true);
    public static final Topic<Alert> ALERTS =
            new Topic<>("slipway.alerts", "deployment", Alert.class, false);
    public static final Topic<WorkerHeartbeat> WORKERS =
            new Topic<>("slipway.workers", "worker id", WorkerHeartbeat.class, true);

    /**
     * Records a consumer could not decode or apply, kept byte for byte with headers naming the source topic,
     * partition, offset and reason (so nothing is lost and the consumer moves on). Not Avro: hence not a {@link Topic}.
     */
    public static final String DEAD_LETTER = "slipway.dead-letter";

    public static final List<Topic<?>> ALL = List.of(RELEASES, RELEASE_LABELS, PROMOTIONS, ROLLOUTS, RUNS,
            RUN_FEEDBACK, CANARY_METRICS, ROLLOUT_COMMANDS, ROUTES, ALERTS, WORKERS);

    private Topics() {
    }
}
