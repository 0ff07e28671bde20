package dev.slipway.cli.client;

import java.net.URI;
import java.time.Duration;

/**
 * The lineage service's API ({@code /api/v1/…}): the audit trail of a deployment's pointer, runs and what they saw,
 * a release's runs, a deployment's timeline.
 */
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

    /** {@code GET /api/v1/lineage/runs/{id}}: the run, its release's manifest, inputs, calls, outcome and feedback. */
    public JsonApi.Response run(String runId) {
        return api.get("/api/v1/lineage/runs/" + encode(runId));
    }

    /** {@code GET /api/v1/lineage/releases/{digest}/runs}: one page of a release's runs, oldest first. */
    public JsonApi.Response releaseRuns(String digest, String from, String to, int limit, String after) {
        return api.get("/api/v1/lineage/releases/" + encode(digest) + "/runs" + query(from, to, limit, after));
    }

    /** {@code GET /api/v1/lineage/runs?inputDigest=…|taskKey=…}: runs that saw one input, or of one task key. */
    public JsonApi.Response search(String field, String value, String from, String to, int limit, String after) {
        String q = query(from, to, limit, after);
        return api.get("/api/v1/lineage/runs" + q + (q.isEmpty() ? "?" : "&") + field + "=" + encode(value));
    }

    /** {@code GET /api/v1/lineage/deployments/{agent}/{env}/timeline}: every route version and who moved it. */
    public JsonApi.Response timeline(DeploymentId deployment) {
        return api.get("/api/v1/lineage/deployments/" + deployment.agent() + "/" + deployment.env() + "/timeline");
    }

    /** {@code GET /api/v1/lineage/deployments/{agent}/{env}/serving?at=…}: the route in force at an instant. */
    public JsonApi.Response servingAt(DeploymentId deployment, String at) {
        return api.get("/api/v1/lineage/deployments/" + deployment.agent() + "/" + deployment.env() + "/serving?at="
                + encode(at));
    }

    private static String query(String from, String to, int limit, String after) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        if (from != null) {
            parts.add("from=" + encode(from));
        }
        if (to != null) {
            parts.add("to=" + encode(to));
        }
        if (limit > 0) {
            parts.add("limit=" + limit);
        }
        if (after != null) {
            parts.add("after=" + encode(after));
        }
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
