package dev.slipway.service.intake;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once every reader has read what its topics held at start. Bad records never make a service unready: they are
 * counted here, per consumer ({@code dead-letters.<consumer>}), so an operator sees that they arrived.
 */
@Readiness
@ApplicationScoped
public class IntakeHealth implements HealthCheck {

    private final Intake intake;

    public IntakeHealth(Intake intake) {
        this.intake = intake;
    }

    @Override
    public HealthCheckResponse call() {
        boolean ready = true;
        HealthCheckResponseBuilder response = HealthCheckResponse.named("intake");
        for (TopicReader reader : intake.readers()) {
            ready &= reader.isCaughtUp();
            response.withData("reader." + reader.consumerName(), reader.isCaughtUp() ? "caught up" : "reading");
            reader.problem().ifPresent(p -> response.withData("problem." + reader.consumerName(), p));
        }
        intake.deadLetters().counts().forEach((consumer, count) -> response.withData("dead-letters." + consumer, count));
        return response.status(ready).build();
    }
}
