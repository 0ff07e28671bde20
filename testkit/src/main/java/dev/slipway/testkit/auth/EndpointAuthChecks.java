package dev.slipway.testkit.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.slipway.testkit.TestTokens;

/**
 * The table every service's auth test runs: each endpoint the application declares, called without a token, with a
 * forged one, with an expired one (each 401 with a problem document) and with a valid token of a role it does not allow
 * (403). An endpoint that names no roles is itself a failure. Returns every failure, so one run lists them all.
 */
public final class EndpointAuthChecks {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private EndpointAuthChecks() {
    }

    /** One row of the table as it went. */
    public record Outcome(Endpoints.Endpoint endpoint, String credential, int expected, int actual, String contentType) {

        public boolean refusedAsExpected() {
            return actual == expected && contentType != null && contentType.startsWith("application/problem+json");
        }

        @Override
        public String toString() {
            return endpoint + " with " + credential + ": expected " + expected + " problem+json, got " + actual + " "
                    + contentType;
        }
    }

    /** Runs the table against the application at {@code base} whose classes are in {@code classes}. */
    public static List<Outcome> run(URI base, Path classes) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Endpoints.Endpoint e : Endpoints.declaredIn(classes)) {
            if (e.rolesAllowed().isEmpty()) {
                outcomes.add(new Outcome(e, "(the endpoint names no roles: add @RolesAllowed)", 0, -1, null));
                continue;
            }
            outcomes.add(call(base, e, "no token", null, 401));
            outcomes.add(call(base, e, "a forged token", TestTokens.forged("mallory", TestTokens.ALL_ROLES), 401));
            outcomes.add(call(base, e, "an expired token", TestTokens.expired("mallory", TestTokens.ALL_ROLES), 401));
            String[] others = Arrays.stream(TestTokens.ALL_ROLES).filter(r -> !e.rolesAllowed().contains(r))
                    .toArray(String[]::new);
            if (others.length > 0) {
                outcomes.add(call(base, e, "a token of " + String.join(", ", others),
                        TestTokens.of("mallory", others), 403));
            }
        }
        return outcomes;
    }

    private static Outcome call(URI base, Endpoints.Endpoint e, String credential, String token, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(e.path())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(e.verb(), e.mutating() ? HttpRequest.BodyPublishers.ofString("{}")
                        : HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Outcome(e, credential, expected, response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null));
        } catch (java.io.IOException ex) {
            return new Outcome(e, credential + " (" + ex + ")", expected, -1, null);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
