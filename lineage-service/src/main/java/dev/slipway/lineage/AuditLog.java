package dev.slipway.lineage;

import jakarta.enterprise.context.ApplicationScoped;

import dev.slipway.events.Topics;
import dev.slipway.service.intake.Intake;
import dev.slipway.service.intake.TopicView;
import io.quarkus.runtime.Startup;

/**
 * Feeds the {@link AuditTrail} from {@code slipway.promotions}, {@code slipway.rollouts}, {@code slipway.rollout-commands}
 * and {@code slipway.routes}, read from the beginning at every start (reader {@code lineage.audit}).
 */
@Startup
@ApplicationScoped
public class AuditLog {

    private final AuditTrail trail = new AuditTrail();

    public AuditLog(Intake intake) {
        intake.read("audit", reader -> reader
                .read(intake.gate(Topics.PROMOTIONS), TopicView.of((k, e) -> trail.promotion(e), k -> { }))
                .read(intake.gate(Topics.ROLLOUTS), TopicView.of((k, r) -> trail.rollout(r), k -> { }))
                .read(intake.gate(Topics.ROLLOUT_COMMANDS), TopicView.of((k, c) -> trail.command(c), k -> { }))
                .read(intake.gate(Topics.ROUTES), TopicView.of((k, r) -> trail.route(r), k -> { })));
    }

    public AuditTrail trail() {
        return trail;
    }
}
