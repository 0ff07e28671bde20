package dev.slipway.cli.client;

import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.Output;

/** The builder or router refused the request with a problem response; printed as title, detail and each violation. */
public final class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super((problem.title() == null ? "HTTP " + problem.status() : problem.title())
                + (problem.detail() == null ? "" : ": " + problem.detail()));
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public int exitCode() {
        return ExitCodes.FAILED;
    }

    /** Text: on stderr. JSON: the problem document itself on stdout, for scripts. */
    public void print(Output out) {
        if (out.json()) {
            out.printJson(problem.raw());
            return;
        }
        String title = problem.title() != null ? problem.title() : "request refused";
        out.error(out.styles().bold(title) + (problem.status() > 0 ? " (HTTP " + problem.status() + ")" : ""));
        if (problem.detail() != null && !problem.detail().isBlank()) {
            out.err().println("  " + problem.detail());
        }
        for (Problem.FieldViolation v : problem.violations()) {
            out.err().println("  - " + out.styles().bold(v.field() == null ? "(release)" : v.field()) + ": " + v.message());
        }
    }
}
