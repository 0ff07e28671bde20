package dev.slipway.builder.promotion;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.slipway.builder.EventWriter;
import dev.slipway.events.PromotionEvent;
import dev.slipway.events.Topics;
import dev.slipway.service.intake.Intake;
import dev.slipway.service.intake.TopicView;
import io.quarkus.runtime.Startup;

/**
 * Promotions as a log: every step is written to {@code slipway.promotions} (key deployment) and applied only once the
 * broker acknowledged it; the whole history is read back from the beginning at every start (reader
 * {@code builder.promotions}), with the routes and runs the soak gate measures (reader {@code builder.soak}). The
 * service is ready only once both have read up to the end offsets they saw at start-up.
 */
@Startup
@ApplicationScoped
public class PromotionLog {

    private final EventWriter writer;
    private final PromotionHistory history = new PromotionHistory();
    private final DeploymentStables stables = new DeploymentStables();

    @Inject
    public PromotionLog(Intake intake, EventWriter writer) {
        this.writer = writer;
        intake.read("promotions", reader -> reader.read(intake.gate(Topics.PROMOTIONS),
                TopicView.of((deployment, event) -> history.apply(event), deployment -> { })));
        intake.read("soak", reader -> reader
                .read(intake.gate(Topics.ROUTES), TopicView.of((deployment, route) -> stables.route(route),
                        stables::routeDeleted))
                .read(intake.gate(Topics.RUNS), TopicView.of((runId, run) -> stables.run(run.getDeployment(),
                        run.getDigest()), runId -> { })));
    }

    /** Writes one step and applies it once the broker acknowledged it. */
    public void append(PromotionEvent event) {
        writer.send(Topics.PROMOTIONS, event.getDeployment(), event);
        history.apply(event);
    }

    public PromotionHistory history() {
        return history;
    }

    public DeploymentStables stables() {
        return stables;
    }
}
