package dev.slipway.release;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The eval gate: a release below its threshold never leaves the build. Pure decision logic. */
public final class EvalGate {

    private EvalGate() {
    }

    /**
     * Checks the results belong to the suite and scores them. The mean is computed in decimal from each score's
     * shortest decimal form, so a mean that is exactly the threshold passes.
     *
     * @throws ReleaseValidationException (fields {@code evals.results…}) when the results are for another suite
     *         digest, miss a case, score an unknown case twice or at all, or hold a score outside [0, 1]
     */
    public static EvalReport evaluate(EvalSuite suite, double threshold, EvalResults results) {
        Violations violations = new Violations();
        if (!(threshold >= 0 && threshold <= 1)) {
            violations.add("evals.threshold", "must be between 0 and 1, was " + threshold);
        }
        if (!suite.digest().equals(results.suiteDigest())) {
            violations.add("evals.results.suiteDigest", "results are for suite " + results.suiteDigest()
                    + ", not for " + suite.name() + " " + suite.digest() + "; re-run the evals against this suite");
        }
        Set<String> known = new LinkedHashSet<>();
        suite.cases().forEach(c -> known.add(c.id()));
        Map<String, Double> scores = new HashMap<>();
        for (int i = 0; i < results.scores().size(); i++) {
            EvalResults.CaseScore score = results.scores().get(i);
            String at = "evals.results.scores[" + i + "]";
            if (!known.contains(score.caseId())) {
                violations.add(at + ".caseId", "unknown case '" + score.caseId() + "' (not in suite " + suite.name() + ")");
            } else if (scores.putIfAbsent(score.caseId(), score.score()) != null) {
                violations.add(at + ".caseId", "case '" + score.caseId() + "' is scored more than once");
            }
            if (!(score.score() >= 0 && score.score() <= 1)) {
                violations.add(at + ".score", "must be between 0 and 1, was " + score.score());
            }
        }
        List<String> missing = new ArrayList<>();
        for (String id : known) {
            if (!scores.containsKey(id)) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            violations.add("evals.results.scores", "no score for case" + (missing.size() == 1 ? " " : "s ")
                    + String.join(", ", missing));
        }
        violations.throwIfAny();

        List<EvalReport.CaseResult> cases = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (EvalCase c : suite.cases()) {
            double score = scores.get(c.id());
            sum = sum.add(BigDecimal.valueOf(score));
            cases.add(new EvalReport.CaseResult(c.id(), score, BigDecimal.valueOf(score).compareTo(BigDecimal.valueOf(suite.passScore())) >= 0));
        }
        BigDecimal count = BigDecimal.valueOf(cases.size());
        // mean >= threshold  <=>  sum >= threshold * count, decided exactly, without rounding the division.
        EvalReport.Verdict verdict = sum.compareTo(BigDecimal.valueOf(threshold).multiply(count)) >= 0
                ? EvalReport.Verdict.PASSED : EvalReport.Verdict.FAILED;
        double mean = sum.divide(count, MathContext.DECIMAL64).doubleValue();
        return new EvalReport(suite.name(), suite.digest(), threshold, mean, verdict, cases);
    }
}
