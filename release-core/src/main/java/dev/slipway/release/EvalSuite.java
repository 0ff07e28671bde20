package dev.slipway.release;

import java.util.List;

/**
 * An eval suite as loaded from its file.
 *
 * @param name      suite name
 * @param digest    {@code sha256:} of the suite file's RFC 8785 canonical JSON, so YAML or JSON, any formatting, the
 *                  same suite has the same digest; eval results must name it
 * @param passScore score at or above which a single case counts as passed
 * @param cases     the cases, in file order
 */
public record EvalSuite(String name, String digest, double passScore, List<EvalCase> cases) {

    public EvalSuite {
        cases = List.copyOf(cases);
    }

    /**
     * Parses a suite file ({@code .yaml}, {@code .yml} or {@code .json}).
     *
     * @throws ReleaseValidationException listing every problem, with fields under {@code evals.suite}
     */
    public static EvalSuite parse(String fileName, byte[] content) {
        Violations violations = new Violations();
        EvalSuite suite = EvalFiles.suite(fileName, content, "evals.suite", violations);
        violations.throwIfAny();
        return suite;
    }
}
