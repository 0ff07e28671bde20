package dev.slipway.builder;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the catalog holds everything the release topics held at start-up: a restart never answers 404 for a release that exists. */
@Readiness
@ApplicationScoped
public class ReleaseLogReadiness implements HealthCheck {

    private final ReleaseLog log;
    private final ReleaseCatalog catalog;

    public ReleaseLogReadiness(ReleaseLog log, ReleaseCatalog catalog) {
        this.log = log;
        this.catalog = catalog;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("release-log")
                .status(log.isCaughtUp() && log.readerFailure() == null)
                .withData("releases", catalog.size());
        if (log.readerFailure() != null) {
            response.withData("error", String.valueOf(log.readerFailure().getMessage()));
        }
        return response.build();
    }
}
