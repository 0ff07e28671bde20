package dev.slipway.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.slipway.release.ReleaseSignature;

/**
 * Fetches a release from builder-service: {@code GET /api/v1/releases/{digest}} and its {@code /content}; a digest the
 * builder holds as a candidate (a release waiting for its eval results) from {@code /api/v1/candidates/{digest}}, so a
 * worker can be pinned to it to run the evals. Either way the content is verified against the digest and the
 * builder's signature by {@link PinnedRelease}; only built releases are ever routed to.
 */
public final class BuilderReleaseFetcher implements ReleaseFetcher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI builder;
    private final HttpClient http;
    private final Duration timeout;
    private final java.util.Optional<java.nio.file.Path> tokenFile;

    /** Without credentials: for a builder that asks for none (tests). */
    public BuilderReleaseFetcher(URI builder, Duration timeout) {
        this(builder, timeout, java.util.Optional.empty());
    }

    /**
     * @param tokenFile a bearer token with a reading role ({@code viewer}), read at every fetch so a rotated token
     *                  applies; never logged
     */
    public BuilderReleaseFetcher(URI builder, Duration timeout, java.util.Optional<java.nio.file.Path> tokenFile) {
        this.builder = URI.create(builder.toString().replaceAll("/+$", ""));
        this.timeout = timeout;
        this.tokenFile = tokenFile;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public Fetched fetch(String digest) {
        String base = "/api/v1/releases/" + digest;
        String found = get(base, digest, true);
        if (found == null) {
            base = "/api/v1/candidates/" + digest;
            found = get(base, digest, true);
        }
        if (found == null) {
            throw new ReleaseRefusedException("the builder at " + builder + " has no release or candidate " + digest);
        }
        JsonNode view;
        try {
            view = JSON.readTree(found);
        } catch (IOException e) {
            throw new ReleaseRefusedException("the builder at " + builder + " answered release " + digest
                    + " with a body that is not JSON", e);
        }
        JsonNode signature = view.get("signature");
        ReleaseSignature sig = signature == null || signature.isNull() ? null
                : new ReleaseSignature(signature.path("algorithm").asText(null), signature.path("keyId").asText(null),
                        signature.path("publicKey").asText(null), signature.path("value").asText(null));
        return new Fetched(get(base + "/content", digest, false), sig);
    }

    /** The body, or null for a 404 when {@code absentIsNull}. */
    private String get(String path, String digest, boolean absentIsNull) {
        HttpResponse<String> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(builder + path)).timeout(timeout)
                    .header("Accept", "application/json").GET();
            if (tokenFile.isPresent()) {
                request.header("Authorization", "Bearer " + java.nio.file.Files.readString(tokenFile.get()).strip());
            }
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ReleaseRefusedException("cannot fetch release " + digest + " from the builder at " + builder + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReleaseRefusedException("interrupted while fetching release " + digest, e);
        }
        if (response.statusCode() == 404 && absentIsNull) {
            return null;
        }
        if (response.statusCode() == 404) {
            throw new ReleaseRefusedException("the builder at " + builder + " has no release " + digest);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new ReleaseRefusedException("the builder at " + builder + " refused to show release " + digest
                    + " (HTTP " + response.statusCode() + "): the worker needs a token with the viewer role"
                    + (tokenFile.isEmpty() ? " and has none" : " in " + tokenFile.get()));
        }
        if (response.statusCode() != 200) {
            throw new ReleaseRefusedException("the builder at " + builder + " answered HTTP " + response.statusCode()
                    + " for release " + digest);
        }
        return response.body();
    }
}
