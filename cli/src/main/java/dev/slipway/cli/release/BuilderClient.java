package dev.slipway.cli.release;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.JsonApi;

/**
 * The builder's REST API ({@code /api/v1}). Success bodies come back as JSON trees; a problem response becomes a
 * {@link ProblemException}; no connection becomes a {@link CliException} with {@link ExitCodes#UNREACHABLE}
 * (see {@link JsonApi}).
 */
public final class BuilderClient {

    private final JsonApi api;

    public BuilderClient(URI base, Duration connectTimeout, Duration timeout) {
        this.api = new JsonApi("builder", "--builder-url / SLIPWAY_BUILDER_URL at a builder", base, connectTimeout, timeout);
    }

    public URI base() {
        return api.base();
    }

    /** {@code POST /api/v1/releases[?label=…]}: 201 new, 200 already existed. */
    /** {@code POST /api/v1/releases} of a bundle already encoded as JSON. */
    public JsonApi.Response createRelease(byte[] bundleJson, Optional<String> label) {
        String query = label.map(l -> "?label=" + URLEncoder.encode(l, StandardCharsets.UTF_8)).orElse("");
        // Who built it is release metadata (outside the digest), sent as X-Slipway-Actor.
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
}
