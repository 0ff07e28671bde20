package dev.slipway.builder;

import dev.slipway.service.Problem;

import java.util.List;

/** A request the builder refuses, carrying what the problem document will say. */
public class ProblemException extends RuntimeException {

    private final String typeSlug;
    private final String title;
    private final int status;
    private final List<Problem.Violation> violations;

    public ProblemException(int status, String typeSlug, String title, String detail, List<Problem.Violation> violations) {
        super(detail);
        this.status = status;
        this.typeSlug = typeSlug;
        this.title = title;
        this.violations = List.copyOf(violations);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", "Not found", what, List.of());
    }

    public static ProblemException badRequest(String field, String message) {
        return new ProblemException(400, "bad-request", "Bad request", message, List.of(new Problem.Violation(field, message)));
    }

    public Problem toProblem(String instance) {
        return Problem.of(typeSlug, title, status, getMessage(), instance, violations);
    }

    public int status() {
        return status;
    }
}
