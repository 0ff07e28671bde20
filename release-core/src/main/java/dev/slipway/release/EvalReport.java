package dev.slipway.release;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The outcome of the eval gate for one release build.
 *
 * @param suite       suite name
 * @param suiteDigest suite digest the scores were checked against
 * @param threshold   the mean score a release needs
 * @param score       mean of the case scores
 * @param verdict     {@link Verdict#PASSED} when {@code score >= threshold}
 * @param cases       each case's score and whether it reached the suite's pass score, in suite order
 */
public record EvalReport(String suite, String suiteDigest, double threshold, double score, Verdict verdict,
                         List<CaseResult> cases) {

    public EvalReport {
        cases = List.copyOf(cases);
    }

    public enum Verdict { PASSED, FAILED }

    public record CaseResult(String caseId, double score, boolean passed) {
    }

    @JsonIgnore
    public boolean passed() {
        return verdict == Verdict.PASSED;
    }
}
