package dev.slipway.release;

import java.util.List;
import java.util.stream.Collectors;

/** A release, manifest or eval result was refused. Carries every violation found, not just the first. */
public class ReleaseValidationException extends RuntimeException {

    private final List<Violation> violations;

    public ReleaseValidationException(List<Violation> violations) {
        super(describe(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public ReleaseValidationException(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String describe(List<Violation> violations) {
        return violations.size() + (violations.size() == 1 ? " violation" : " violations")
                + violations.stream().map(v -> "\n  " + v).collect(Collectors.joining());
    }
}
