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
 * @param graders   how an answer is scored against a case's expected value; empty: every expected field, exactly
 */
public record EvalSuite(String name, String digest, double passScore, List<EvalCase> cases, List<EvalGrader> graders) {

    public EvalSuite {
        cases = List.copyOf(cases);
        graders = List.copyOf(graders);
    }

    /** The score of an agent's answer to one case, in [0, 1]. */
    public double score(EvalCase evalCase, com.fasterxml.jackson.databind.JsonNode answer) {
        return EvalGrader.score(graders, answer, evalCase.expected());
    }

    /**
     * Parses a suite file ({@code .yaml}, {@code .yml} or {@code .json}, or {@code .jsonl}: a first line
     * {@code {"name", "passScore", "graders"}}, then one case per line).
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
