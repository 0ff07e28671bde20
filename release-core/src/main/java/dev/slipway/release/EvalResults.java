package dev.slipway.release;

import java.util.List;

/**
 * Scores an eval run produced for one suite, identified by the suite's digest.
 *
 * @param suiteDigest digest of the {@link EvalSuite} the scores are for
 * @param scores      one score per case, each in [0, 1]
 */
public record EvalResults(String suiteDigest, List<CaseScore> scores) {

    public EvalResults {
        scores = List.copyOf(scores);
    }

    /** The score of one case, in [0, 1]. */
    public record CaseScore(String caseId, double score) {
    }

    /**
     * Parses a results file (JSON, or YAML by extension):
     * {@code {"suiteDigest": "sha256:…", "scores": [{"caseId": "…", "score": 0.93}, …]}}.
     *
     * @throws ReleaseValidationException listing every problem, with fields under {@code evals.results}
     */
    public static EvalResults parse(String fileName, byte[] content) {
        Violations violations = new Violations();
        EvalResults results = EvalFiles.results(fileName, content, "evals.results", violations);
        violations.throwIfAny();
        return results;
    }
}
