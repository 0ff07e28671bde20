package dev.slipway.cli.client;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;

/**
 * The builder's REST API ({@code /api/v1}). Success bodies come back as JSON trees; a problem response becomes a
 * {@link ProblemException}; no connection becomes a {@link CliException} with {@link ExitCodes#UNREACHABLE}
 * (see {@link JsonApi}).
 */
public final class BuilderClient {

    private final JsonApi api;

    public BuilderClient(URI base, Duration connectTimeout, Duration timeout, Credentials credentials) {
        this.api = new JsonApi("builder", "--builder-url / SLIPWAY_BUILDER_URL at a builder", base, connectTimeout, timeout,
                credentials);
    }

    public URI base() {
        return api.base();
    }

    /** {@code POST /api/v1/releases[?label=…]} of a bundle already encoded as JSON: 201 new, 200 already existed. */
    public JsonApi.Response createRelease(byte[] bundleJson, Optional<String> label) {
        String query = label.map(l -> "?label=" + URLEncoder.encode(l, StandardCharsets.UTF_8)).orElse("");
        // Who built it is release metadata (outside the digest): the subject of the caller's token.
        return api.post("/api/v1/releases" + query, bundleJson);
    }

    /** {@code POST /api/v1/candidates[?label=…]}: the release is held for its evals (201). */
    public JsonApi.Response proposeCandidate(byte[] bundleJson, Optional<String> label) {
        String query = label.map(l -> "?label=" + URLEncoder.encode(l, StandardCharsets.UTF_8)).orElse("");
        return api.post("/api/v1/candidates" + query, bundleJson);
    }

    /** {@code GET /api/v1/candidates/{digest}}. */
    public JsonApi.Response candidate(String digest) {
        return api.get("/api/v1/candidates/" + digest);
    }

    /** {@code POST /api/v1/candidates/{digest}/results}: passing results build the release (201, or 200 if it was). */
    public JsonApi.Response attachResults(String digest, JsonNode results) {
        return api.post("/api/v1/candidates/" + digest + "/results", results);
    }

    /** {@code GET /api/v1/releases/{ref}}. */
    public JsonApi.Response release(ReleaseRef ref) {
        return api.get("/api/v1/releases/" + ref.pathSegment());
    }

    /** {@code GET /api/v1/releases/{a}/diff/{b}}. */
    public JsonApi.Response diff(ReleaseRef from, ReleaseRef to) {
        return api.get("/api/v1/releases/" + from.pathSegment() + "/diff/" + to.pathSegment());
    }

    /** {@code GET /api/v1/releases/{ref}/verification}. */
    public JsonApi.Response verification(ReleaseRef ref) {
        return api.get("/api/v1/releases/" + ref.pathSegment() + "/verification");
    }

    /** {@code GET /api/v1/agents/{agent}/releases?page=&size=}. */
    public JsonApi.Response releasesOf(String agent, int page, int size) {
        return api.get("/api/v1/agents/" + URLEncoder.encode(agent, StandardCharsets.UTF_8) + "/releases?page=" + page + "&size=" + size);
    }

    /** {@code POST /api/v1/promotions {release, to[, rollout]}}: 201 with the promotion (maybe completed at once). */
    public JsonApi.Response requestPromotion(String release, String to, Optional<JsonNode> rollout) {
        com.fasterxml.jackson.databind.node.ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode().put("release", release).put("to", to);
        rollout.ifPresent(r -> body.set("rollout", r));
        return api.post("/api/v1/promotions", body);
    }

    /** {@code POST /api/v1/promotions/{id}/approve} or {@code …/reject} with {@code {comment}}. */
    public JsonApi.Response decide(String promotionId, boolean approve, Optional<String> comment) {
        com.fasterxml.jackson.databind.node.ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode();
        comment.ifPresent(c -> body.put("comment", c));
        return api.post("/api/v1/promotions/" + segment(promotionId) + (approve ? "/approve" : "/reject"), body);
    }

    /** {@code POST /api/v1/promotions/{id}/evaluation {suite, score}}: a run of the target's suite. */
    public JsonApi.Response recordEvaluation(String promotionId, String suite, double score) {
        return api.post("/api/v1/promotions/" + segment(promotionId) + "/evaluation",
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("suite", suite)
                        .put("score", score));
    }

    /** {@code GET /api/v1/promotions[?pending=true]}. */
    public JsonApi.Response promotions(boolean pendingOnly) {
        return api.get("/api/v1/promotions" + (pendingOnly ? "?pending=true" : ""));
    }

    /** {@code GET /api/v1/promotions/{id}}. */
    public JsonApi.Response promotion(String promotionId) {
        return api.get("/api/v1/promotions/" + segment(promotionId));
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
