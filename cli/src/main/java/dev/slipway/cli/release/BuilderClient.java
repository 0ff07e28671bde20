package dev.slipway.cli.release;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;

/**
 * The builder's REST API ({@code /api/v1}) over {@code java.net.http}. Success bodies come back as JSON trees; a
 * problem response becomes a {@link ProblemException}; no connection becomes a {@link CliException} with
 * {@link ExitCodes#UNREACHABLE}.
 */
public final class BuilderClient {

    /** A successful answer. */
    public record Response(int status, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    public BuilderClient(URI base, Duration connectTimeout, Duration timeout) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        this.timeout = timeout;
    }

    public URI base() {
        return base;
    }

    /** {@code POST /api/v1/releases[?label=…]}: 201 new, 200 already existed. */
    public Response createRelease(JsonNode bundle, Optional<String> label) {
        String query = label.map(l -> "?label=" + URLEncoder.encode(l, StandardCharsets.UTF_8)).orElse("");
        try {
            return send(HttpRequest.newBuilder(uri("/api/v1/releases" + query))
                    .header("Content-Type", "application/json")
                    // Who built it is release metadata (outside the digest); authentication comes later.
                    .header("X-Slipway-Actor", System.getProperty("user.name", "unknown"))
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(bundle))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code GET /api/v1/releases/{ref}}. */
    public Response release(ReleaseRef ref) {
        return get("/api/v1/releases/" + ref.pathSegment());
    }

    /** {@code GET /api/v1/releases/{a}/diff/{b}}. */
    public Response diff(ReleaseRef from, ReleaseRef to) {
        return get("/api/v1/releases/" + from.pathSegment() + "/diff/" + to.pathSegment());
    }

    /** {@code GET /api/v1/releases/{ref}/verification}. */
    public Response verification(ReleaseRef ref) {
        return get("/api/v1/releases/" + ref.pathSegment() + "/verification");
    }

    /** {@code GET /api/v1/agents/{agent}/releases?page=&size=}. */
    public Response releasesOf(String agent, int page, int size) {
        return get("/api/v1/agents/" + URLEncoder.encode(agent, StandardCharsets.UTF_8) + "/releases?page=" + page + "&size=" + size);
    }

    private Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private URI uri(String path) {
        return URI.create(base.toString() + path);
    }

    private Response send(HttpRequest.Builder request) {
        HttpRequest r = request.timeout(timeout).header("Accept", "application/json, application/problem+json").build();
        HttpResponse<String> response;
        try {
            response = http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw unreachable(e.getMessage() == null ? "connection refused" : e.getMessage(), e);
        } catch (HttpTimeoutException e) {
            throw new CliException(ExitCodes.FAILED, "the builder at " + base + " did not answer within "
                    + timeout.toSeconds() + " s (" + r.method() + " " + r.uri().getPath() + ")", e);
        } catch (IOException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConnectException || cause instanceof UnresolvedAddressException) {
                throw unreachable(cause.getMessage() == null ? (cause instanceof ConnectException ? "connection refused" : "unknown host") : cause.getMessage(), e);
            }
            throw unreachable(e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted", e);
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            if (body == null) {
                throw new CliException(ExitCodes.FAILED, "the builder at " + base + " answered HTTP " + status
                        + " with a body that is not JSON: " + abbreviate(response.body()));
            }
            return new Response(status, body);
        }
        if (Problem.looksLikeProblem(body)) {
            throw new ProblemException(Problem.from(body, status));
        }
        throw new CliException(ExitCodes.FAILED, "the builder at " + base + " answered HTTP " + status + " to "
                + r.method() + " " + r.uri().getPath() + (response.body().isBlank() ? "" : ": " + abbreviate(response.body())));
    }

    private CliException unreachable(String reason, Throwable cause) {
        return new CliException(ExitCodes.UNREACHABLE, "cannot reach the builder at " + base + " (" + reason
                + "). Is the stack up? Run bin/slipway up, or point --builder-url / SLIPWAY_BUILDER_URL at a builder.", cause);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        String oneLine = s.strip().replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 297) + "..." : oneLine;
    }
}
