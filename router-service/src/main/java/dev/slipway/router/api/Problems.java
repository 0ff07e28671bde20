package dev.slipway.router.api;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** RFC 7807 problems of the router API, with a {@code violations} member naming each field at fault. */
public final class Problems {

    private Problems() {
    }

    public record Violation(String field, String message) {
    }

    public record Problem(String type, String title, int status, String detail, String instance, List<Violation> violations) {
    }

    public static WebApplicationException of(int status, String slug, String title, String detail, String instance,
            List<Violation> violations) {
        return new WebApplicationException(detail, Response.status(status).type("application/problem+json")
                .entity(new Problem("https://slipway.dev/problems/" + slug, title, status, detail, instance, violations))
                .build());
    }

    public static WebApplicationException notFound(String detail, String instance) {
        return of(404, "not-found", "Not found", detail, instance, List.of());
    }

    public static WebApplicationException invalid(String instance, List<Violation> violations) {
        return of(422, "invalid-request", "Invalid request",
                violations.size() + " problem(s) in the request", instance, violations);
    }
}
