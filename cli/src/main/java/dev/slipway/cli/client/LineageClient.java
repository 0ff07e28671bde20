package dev.slipway.cli.client;

import java.net.URI;
import java.time.Duration;

/** The lineage service's API ({@code /api/v1/…}): the audit trail of a deployment's pointer. */
public final class LineageClient {

    private final JsonApi api;

    public LineageClient(URI base, Duration connectTimeout, Duration timeout, Credentials credentials) {
        this.api = new JsonApi("lineage service", "--lineage-url / SLIPWAY_LINEAGE_URL at a lineage service", base,
                connectTimeout, timeout, credentials);
    }

    /** {@code GET /api/v1/audit/{agent}/{env}}: every pointer move with who, when, why and which gate. */
    public JsonApi.Response audit(DeploymentId deployment) {
        return api.get("/api/v1/audit/" + deployment.agent() + "/" + deployment.env());
    }
}
