package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Graders score an agent's answer against a case; suites may be written as JSON lines. One test per outcome. */
class EvalGraderTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static EvalSuite suite(String fileName, String text) {
        return EvalSuite.parse(fileName, text.getBytes(StandardCharsets.UTF_8));
    }

    static final EvalSuite WEIGHTED = suite("suite.yaml", """
            name: triage
            passScore: 0.6
            graders:
              - {field: category, weight: 0.6}
              - {field: priority, weight: 0.4, match: normalised}
            cases:
              - {id: a, input: {subject: Charged twice}, expected: {category: billing, priority: normal}}
            """);

    @Test
    void aWeightedSuiteGivesEachMatchingFieldItsWeight() {
        EvalCase c = WEIGHTED.cases().get(0);
        assertThat(WEIGHTED.score(c, json("{\"category\":\"billing\",\"priority\":\" Normal \"}"))).isEqualTo(1.0);
        assertThat(WEIGHTED.score(c, json("{\"category\":\"billing\",\"priority\":\"urgent\"}"))).isEqualTo(0.6);
        assertThat(WEIGHTED.score(c, json("{\"category\":\"Billing\",\"priority\":\"normal\"}"))).isCloseTo(0.4,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(WEIGHTED.score(c, json("{\"summary\":\"no fields\"}"))).isZero();
    }

    @Test
    void withoutGradersEveryExpectedFieldIsGradedExactlyWithEqualWeights() {
        EvalSuite plain = suite("suite.yaml", """
                name: triage
                passScore: 0.5
                cases:
                  - {id: a, input: {}, expected: {category: billing, priority: normal, team: payments, sla: 4}}
                """);
        assertThat(plain.graders()).isEmpty();
        assertThat(plain.score(plain.cases().get(0), json("{\"category\":\"billing\",\"priority\":\"normal\",\"sla\":4,\"extra\":1}")))
                .isEqualTo(0.75);
    }

    @Test
    void containsMatchesWhenTheAnswerHoldsTheExpectedText() {
        EvalGrader grader = new EvalGrader("summary", 1, EvalGrader.Match.CONTAINS);
        assertThat(grader.matches(json("{\"summary\":\"Customer was  CHARGED twice in May\"}"),
                json("{\"summary\":\"charged twice\"}"))).isTrue();
        assertThat(grader.matches(json("{\"summary\":\"refund please\"}"), json("{\"summary\":\"charged twice\"}"))).isFalse();
    }

    @Test
    void exactDoesNotNormalise() {
        EvalGrader grader = new EvalGrader("priority", 1, EvalGrader.Match.EXACT);
        assertThat(grader.matches(json("{\"priority\":\"Normal\"}"), json("{\"priority\":\"normal\"}"))).isFalse();
        assertThat(grader.matches(json("{\"priority\":null}"), json("{\"priority\":null}"))).as("null never matches").isFalse();
    }

    @Test
    void aJsonLinesSuiteHasTheDigestOfTheSameSuiteInYaml() {
        EvalSuite lines = suite("suite.jsonl", """
                {"name": "triage", "passScore": 0.6, "graders": [{"field": "category", "weight": 0.6}, {"field": "priority", "weight": 0.4, "match": "normalised"}]}
                {"id": "a", "input": {"subject": "Charged twice"}, "expected": {"category": "billing", "priority": "normal"}}

                """);
        assertThat(lines.cases()).extracting(EvalCase::id).containsExactly("a");
        assertThat(lines.graders()).isEqualTo(WEIGHTED.graders());
        assertThat(lines.digest()).isEqualTo(WEIGHTED.digest());
    }

    @Test
    void aBadLineOrBadGraderIsRefusedNamingWhereItIs() {
        ReleaseValidationException e = catchThrowableOfType(ReleaseValidationException.class, () -> suite("suite.jsonl", """
                {"name": "triage", "passScore": 0.6}
                {"id": "a", "input": {}, "expected": {"category": "billing"}}
                {"id": "b", "input": {
                """));
        assertThat(e.violations()).extracting(Violation::field).containsExactly("evals.suite.cases[1]");

        ReleaseValidationException graders = catchThrowableOfType(ReleaseValidationException.class, () -> suite("suite.yaml", """
                name: triage
                passScore: 0.6
                graders:
                  - {field: category, weight: 0}
                  - {field: priority, match: fuzzy}
                  - {field: team}
                  - {field: team}
                cases:
                  - {id: a, input: {}, expected: {category: billing}}
                """));
        assertThat(graders.violations()).extracting(Violation::field).containsExactly("evals.suite.graders[0].weight",
                "evals.suite.graders[1].match", "evals.suite.graders[3].field");
        assertThat(catchThrowableOfType(ReleaseValidationException.class, () -> suite("suite.jsonl", "\n\n")).violations())
                .extracting(Violation::message).singleElement().asString().contains("is empty");
    }

    @Test
    void theSampleSuiteGradesCategoryAndPriority() {
        LoadedRelease sample = ReleaseLoader.load(ReleaseSource.directory(java.nio.file.Path.of("..", "examples", "support-triage")));
        assertThat(sample.evalSuite().graders()).extracting(EvalGrader::field, EvalGrader::weight)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("category", 0.6), org.assertj.core.groups.Tuple.tuple("priority", 0.4));
        assertThat(sample.evalResults()).hasValueSatisfying(r -> assertThat(r.suiteDigest()).isEqualTo(sample.evalSuite().digest()));
        assertThat(List.of(sample.evaluate().verdict())).containsExactly(EvalReport.Verdict.PASSED);
    }
}
