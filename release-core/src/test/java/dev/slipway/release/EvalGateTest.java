package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The eval gate, one test per outcome. */
class EvalGateTest {

    private static final EvalSuite SUITE = EvalSuite.parse("suite.yaml", """
            name: triage
            passScore: 0.7
            cases:
              - {id: a, input: {subject: one}, expected: {category: billing}}
              - {id: b, input: {subject: two}, expected: {category: technical}}
              - {id: c, input: {subject: three}, expected: {category: security}}
              - {id: d, input: {subject: four}, expected: {category: account}}
            """.getBytes(StandardCharsets.UTF_8));

    private static EvalResults results(double a, double b, double c, double d) {
        return new EvalResults(SUITE.digest(), List.of(new EvalResults.CaseScore("a", a), new EvalResults.CaseScore("b", b),
                new EvalResults.CaseScore("c", c), new EvalResults.CaseScore("d", d)));
    }

    private static List<Violation> refused(EvalResults results) {
        ReleaseValidationException e = catchThrowableOfType(ReleaseValidationException.class,
                () -> EvalGate.evaluate(SUITE, 0.85, results));
        assertThat(e).as("expected the results to be refused").isNotNull();
        return e.violations();
    }

    @Test
    void passesWhenTheMeanReachesTheThreshold() {
        EvalReport report = EvalGate.evaluate(SUITE, 0.85, results(1.0, 0.9, 0.8, 0.9));
        assertThat(report.verdict()).isEqualTo(EvalReport.Verdict.PASSED);
        assertThat(report.passed()).isTrue();
        assertThat(report.score()).isEqualTo(0.9);
        assertThat(report.suite()).isEqualTo("triage");
        assertThat(report.suiteDigest()).isEqualTo(SUITE.digest());
        assertThat(report.threshold()).isEqualTo(0.85);
        assertThat(report.cases()).extracting(EvalReport.CaseResult::caseId).containsExactly("a", "b", "c", "d");
    }

    @Test
    void failsWhenTheMeanIsBelowTheThreshold() {
        EvalReport report = EvalGate.evaluate(SUITE, 0.85, results(1.0, 0.9, 0.5, 0.9));
        assertThat(report.verdict()).isEqualTo(EvalReport.Verdict.FAILED);
        assertThat(report.score()).isEqualTo(0.825);
        assertThat(report.cases()).filteredOn(c -> !c.passed()).extracting(EvalReport.CaseResult::caseId).containsExactly("c");
    }

    @Test
    void aMeanExactlyAtTheThresholdPasses() {
        // 0.8 + 0.9 + 0.85 + 0.85 = 3.4 and 3.4 / 4 = 0.85 exactly in decimal, though not in binary floating point.
        EvalReport report = EvalGate.evaluate(SUITE, 0.85, results(0.8, 0.9, 0.85, 0.85));
        assertThat(report.verdict()).isEqualTo(EvalReport.Verdict.PASSED);
        assertThat(report.score()).isEqualTo(0.85);
    }

    @Test
    void aCaseAtThePassScoreCountsAsPassed() {
        EvalReport report = EvalGate.evaluate(SUITE, 0.5, results(0.7, 0.69, 1, 1));
        assertThat(report.cases()).extracting(EvalReport.CaseResult::passed).containsExactly(true, false, true, true);
    }

    @Test
    void refusesResultsForAnotherSuiteDigest() {
        EvalResults other = new EvalResults("sha256:" + "0".repeat(64), results(1, 1, 1, 1).scores());
        assertThat(refused(other)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("evals.results.suiteDigest");
            assertThat(v.message()).contains(SUITE.digest());
        });
    }

    @Test
    void refusesResultsMissingACase() {
        EvalResults missing = new EvalResults(SUITE.digest(), results(1, 1, 1, 1).scores().subList(0, 2));
        assertThat(refused(missing)).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("evals.results.scores");
            assertThat(v.message()).contains("c, d");
        });
    }

    @Test
    void refusesResultsForAnUnknownCase() {
        List<EvalResults.CaseScore> scores = new java.util.ArrayList<>(results(1, 1, 1, 1).scores());
        scores.add(new EvalResults.CaseScore("z", 1));
        assertThat(refused(new EvalResults(SUITE.digest(), scores))).singleElement()
                .isEqualTo(new Violation("evals.results.scores[4].caseId", "unknown case 'z' (not in suite triage)"));
    }

    @Test
    void refusesACaseScoredTwice() {
        List<EvalResults.CaseScore> scores = new java.util.ArrayList<>(results(1, 1, 1, 1).scores());
        scores.add(new EvalResults.CaseScore("a", 0));
        assertThat(refused(new EvalResults(SUITE.digest(), scores))).extracting(Violation::field)
                .containsExactly("evals.results.scores[4].caseId");
    }

    @Test
    void refusesScoresOutsideZeroToOne() {
        assertThat(refused(results(1, 1.5, -0.1, Double.NaN))).extracting(Violation::field).containsExactly(
                "evals.results.scores[1].score", "evals.results.scores[2].score", "evals.results.scores[3].score");
    }

    @Test
    void theSuiteDigestIgnoresFormatButNotContent() {
        EvalSuite json = EvalSuite.parse("suite.json", """
                {"cases": [
                  {"expected": {"category": "billing"}, "id": "a", "input": {"subject": "one"}},
                  {"id": "b", "input": {"subject": "two"}, "expected": {"category": "technical"}},
                  {"id": "c", "input": {"subject": "three"}, "expected": {"category": "security"}},
                  {"id": "d", "input": {"subject": "four"}, "expected": {"category": "account"}}],
                 "passScore": 0.70, "name": "triage"}
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(json.digest()).isEqualTo(SUITE.digest());
        EvalSuite changed = EvalSuite.parse("suite.json", """
                {"name": "triage", "passScore": 0.7, "cases": [
                  {"id": "a", "input": {"subject": "one"}, "expected": {"category": "account"}}]}
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(changed.digest()).isNotEqualTo(SUITE.digest());
    }

    @Test
    void refusesAnInvalidSuiteFile() {
        ReleaseValidationException e = catchThrowableOfType(ReleaseValidationException.class, () -> EvalSuite.parse(
                "suite.yaml", "name: x\npassScore: 2\ncases:\n  - {id: a, input: 1}\n  - {id: a, input: 2, expected: 3, note: n}\n"
                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(e.violations()).extracting(Violation::field).containsExactlyInAnyOrder("evals.suite.passScore",
                "evals.suite.cases[0].expected", "evals.suite.cases[1].note", "evals.suite.cases[1].id");
    }

    @Test
    void resultsParseFromJson() {
        EvalResults parsed = EvalResults.parse("results.json", ("{\"suiteDigest\":\"" + SUITE.digest()
                + "\",\"scores\":[{\"caseId\":\"a\",\"score\":1},{\"caseId\":\"b\",\"score\":0.5}]}").getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.scores()).containsExactly(new EvalResults.CaseScore("a", 1.0), new EvalResults.CaseScore("b", 0.5));
    }

    @Test
    void loadedReleasesWithoutResultsCannotBeEvaluated() {
        Fixtures.Files files = new Fixtures.Files();
        files.section("evals").remove("results");
        LoadedRelease loaded = files.load();
        assertThat(loaded.evalResults()).isEmpty();
        ReleaseValidationException e = catchThrowableOfType(ReleaseValidationException.class, loaded::evaluate);
        assertThat(e.violations()).extracting(Violation::field).containsExactly("evals.results");
    }
}
