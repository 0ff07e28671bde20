package dev.slipway.cli.client;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One Slipway service's JSON REST API over {@code java.net.http}, as every verb sees it: every request carries the
 * caller's bearer token ({@link Credentials}); success bodies come back as JSON trees; a problem response becomes a
 * {@link ProblemException} (a 401 says how to log in); no connection becomes a {@link CliException} with
 * {@link ExitCodes#UNREACHABLE} that says how to start the stack or point the CLI elsewhere.
 */
public final class JsonApi {

    /** A successful answer. */
    public record Response(int status, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String service;
    private final String urlHint;
    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final Credentials credentials;

    /**
     * @param service what is at {@code base}, for messages: "builder", "router"
     * @param urlHint how to point the CLI elsewhere, e.g. "--builder-url / SLIPWAY_BUILDER_URL at a builder"
     */
    public JsonApi(String service, String urlHint, URI base, Duration connectTimeout, Duration timeout,
            Credentials credentials) {
        this.credentials = credentials;
        this.service = service;
        this.urlHint = urlHint;
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        this.timeout = timeout;
    }

    public URI base() {
        return base;
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** A JSON {@code PUT}. */
    public Response put(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(encode(body))));
    }

    /** A JSON {@code POST}. */
    public Response post(String path, JsonNode body) {
        return post(path, encode(body));
    }

    /** A {@code POST} of JSON already encoded, e.g. after checking its size. */
    public Response post(String path, byte[] json) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)));
    }

    public static byte[] encode(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI uri(String path) {
        return URI.create(base.toString() + path);
    }

    public Response send(HttpRequest.Builder request) {
        credentials.authorization().ifPresent(a -> request.header("Authorization", a));
        HttpRequest r = request.timeout(timeout).header("Accept", "application/json, application/problem+json").build();
        HttpResponse<String> response;
        try {
            response = http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            // A service that is busy says so before reading anything, with Retry-After: waiting a little is safe.
            for (int attempt = 1; attempt < BUSY_ATTEMPTS && isBusy(response); attempt++) {
                Thread.sleep(retryAfterMillis(response));
                response = http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            }
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw unreachable(e.getMessage() == null ? "connection refused" : e.getMessage(), e);
        } catch (HttpTimeoutException e) {
            throw new CliException(ExitCodes.FAILED, "the " + service + " at " + base + " did not answer within "
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
                throw new CliException(ExitCodes.FAILED, "the " + service + " at " + base + " answered HTTP " + status
                        + " with a body that is not JSON: " + abbreviate(response.body()));
            }
            return new Response(status, body);
        }
        if (Problem.looksLikeProblem(body)) {
            Problem problem = Problem.from(body, status);
            if (status == 401) {
                problem = problem.withDetail(problem.detail() + (credentials.present()
                        ? " — log in again: bin/slipway login --as <name> --role <role>"
                        : " — log in first: bin/slipway login --as <name> --role <role>"));
            }
            throw new ProblemException(problem);
        }
        throw new CliException(ExitCodes.FAILED, "the " + service + " at " + base + " answered HTTP " + status + " to "
                + r.method() + " " + r.uri().getPath() + (response.body().isBlank() ? "" : ": " + abbreviate(response.body())));
    }

    private static final int BUSY_ATTEMPTS = 10;

    private static boolean isBusy(HttpResponse<?> response) {
        return response.statusCode() == 503 && response.headers().firstValue("Retry-After").isPresent();
    }

    private static long retryAfterMillis(HttpResponse<?> response) {
        try {
            long seconds = Long.parseLong(response.headers().firstValue("Retry-After").orElse("1").trim());
            return Math.min(Math.max(seconds, 1), 5) * 1000;
        } catch (NumberFormatException e) {
            return 1000;
        }
    }

    private CliException unreachable(String reason, Throwable cause) {
        return new CliException(ExitCodes.UNREACHABLE, "cannot reach the " + service + " at " + base + " (" + reason
                + "). Is the stack up? Run bin/slipway up, or point " + urlHint + ".", cause);
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
