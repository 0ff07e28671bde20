package dev.slipway.lineage.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.events.Alert;
import dev.slipway.events.AlertReason;
import dev.slipway.events.ArmMetrics;
import dev.slipway.events.ArtifactDiff;
import dev.slipway.events.CanaryWindow;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.Severity;
import dev.slipway.release.ReleaseSigner;
import dev.slipway.service.ArtifactDiffs;
import dev.slipway.testkit.SampleReleases;

/** The page each sink kind receives: the diff written out, both arms side by side, the alert identified. */
class AlertPagesTest {

    private static final Instant T0 = Instant.parse("2026-12-08T02:00:00Z");

    private static Alert abort() {
        ReleaseSigner signer = ReleaseSigner.generate();
        ReleaseBuilt v1 = SampleReleases.signed(SampleReleases.bundle(), signer);
        ReleaseBuilt v2 = SampleReleases.signed(SampleReleases.withTriageLine("Mark every billing ticket as urgent."),
                signer);
        ArtifactDiff diff = ArtifactDiffs.between(v1, v2);
        return Alert.newBuilder().setAlertId("a-1").setDeployment("support-triage/prod").setRolloutId("r-7")
                .setReason(AlertReason.REGRESSION).setSeverity(Severity.CRITICAL)
                .setMessage("ABORT: task success 61.0 % vs 90.2 %, below the 2-point tolerance")
                .setMetrics(CanaryWindow.newBuilder().setRolloutId("r-7").setDeployment("support-triage/prod").setStep(0)
                        .setWeightPercent(20).setWindowStart(T0).setWindowEnd(T0.plusSeconds(60))
                        .setBaseline(arm(v1.getDigest(), 200, 180, 0.8)).setCanary(arm(v2.getDigest(), 41, 25, 0.17))
                        .build())
                .setDiff(diff).setRaisedAt(T0).build();
    }

    private static ArmMetrics arm(String digest, long tasks, long successes, double cost) {
        return ArmMetrics.newBuilder().setDigest(digest).setTasks(tasks).setSuccesses(successes).setCostSum(cost).build();
    }

    @Test
    void slack_gets_the_summary_both_arms_and_the_changed_prompt_line() {
        JsonNode slack = AlertPages.slack(abort());

        assertThat(slack.path("text").asText()).startsWith("[CRITICAL] support-triage/prod: REGRESSION — ABORT:");
        String blocks = slack.path("blocks").toString();
        assertThat(blocks).contains("Mark every billing ticket as urgent.").contains("*What changed* (prompts)")
                .contains("baseline").contains("90.0 %").contains("61.0 %").doesNotContain("127").contains("alert a-1 · rollout r-7");
        slack.path("blocks").forEach(b -> {
            if (b.path("type").asText().equals("section")) {
                assertThat(b.path("text").path("text").asText().length()).isLessThanOrEqualTo(3_000);
            }
        });
    }

    @Test
    void alertmanager_gets_labels_that_identify_the_alert_and_the_diff_as_an_annotation() {
        JsonNode am = AlertPages.alertmanager(abort());

        assertThat(am.isArray()).isTrue();
        JsonNode a = am.get(0);
        assertThat(a.path("labels").path("alertname").asText()).isEqualTo("SlipwayRegression");
        assertThat(a.path("labels").path("alert_id").asText()).isEqualTo("a-1");
        assertThat(a.path("labels").path("severity").asText()).isEqualTo("critical");
        assertThat(a.path("annotations").path("diff").asText()).contains("Mark every billing ticket as urgent.");
        assertThat(a.path("startsAt").asText()).isEqualTo("2026-12-08T02:00:00Z");
    }

    @Test
    void the_generic_webhook_gets_every_field_and_the_idempotency_key() {
        JsonNode page = AlertPages.webhook(abort(), "a-1/ops");

        assertThat(page.path("idempotencyKey").asText()).isEqualTo("a-1/ops");
        assertThat(page.path("diff").path("changedParts").toString()).isEqualTo("[\"PROMPTS\"]");
        assertThat(page.path("metrics").path("canary").path("tasks").asLong()).isEqualTo(41);
        assertThat(page.path("text").asText()).contains("what changed").contains("Mark every billing ticket");
    }

    @Test
    void an_alert_without_metrics_or_diff_still_pages() {
        Alert bare = Alert.newBuilder().setAlertId("a-2").setDeployment("x/prod").setReason(AlertReason.UNTRACEABLE_RUN)
                .setSeverity(Severity.WARNING).setMessage("run r-1 is untraceable").setRaisedAt(T0).build();

        assertThat(AlertPages.slack(bare).path("blocks")).hasSize(2);
        assertThat(AlertPages.text(bare)).isEqualTo("[WARNING] x/prod: UNTRACEABLE_RUN — run r-1 is untraceable");
    }
}
