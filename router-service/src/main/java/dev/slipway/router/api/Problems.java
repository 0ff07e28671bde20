package dev.slipway.router.api;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import dev.slipway.service.Problem;

/** The router API's refusals as exceptions carrying their RFC 7807 {@link Problem} response. */
public final class Problems {

    private Problems() {
    }

    /** One field at fault, for the {@code violations} of the shared {@link Problem}. */
    public static Problem.Violation violation(String field, String message) {
        return new Problem.Violation(field, message);
    }

    public static WebApplicationException of(int status, String slug, String title, String detail, String instance,
            List<Problem.Violation> violations) {
        return new WebApplicationException(detail, Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(slug, title, status, detail, instance, violations))
                .build());
    }

    public static WebApplicationException notFound(String detail, String instance) {
        return of(404, "not-found", "Not found", detail, instance, List.of());
    }

    public static WebApplicationException invalid(String instance, List<Problem.Violation> violations) {
        return of(422, "invalid-request", "Invalid request",
                violations.size() + " problem(s) in the request", instance, violations);
    }
}
