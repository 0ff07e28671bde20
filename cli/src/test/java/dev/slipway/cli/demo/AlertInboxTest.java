package dev.slipway.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local inbox the demo prints a page from: found by alert id, newest first, shown without the diff's headers. */
class AlertInboxTest {

    @TempDir
    Path dir;

    @Test
    void finds_an_alerts_page_and_shows_its_summary_arms_and_changed_lines() throws Exception {
        Path inbox = dir.resolve("alerts/inbox.jsonl");
        Files.createDirectories(inbox.getParent());
        Files.writeString(inbox, """
                {"alertId":"a-0","text":"an older page"}
                {"alertId":"a-1","text":"[CRITICAL] x/prod: REGRESSION — ABORT\\nstep 0 at 20 %\\nwhat changed, sha256:1 → sha256:2:\\nrelease sha256:1 → sha256:2\\nchanged parts: prompts\\n== prompts ==\\n--- a/prompts/triage\\n+++ b/prompts/triage\\n@@ -1,2 +1,3 @@\\n keep\\n+Mark every billing ticket as urgent."}
                {"alertId":"a-2","text":"a later page"
                """);

        var page = AlertInbox.awaitPage(inbox, "a-1", Duration.ofSeconds(1)).orElseThrow();

        assertThat(AlertInbox.pageLines(page, 20)).containsExactly("[CRITICAL] x/prod: REGRESSION — ABORT",
                "step 0 at 20 %", "what changed:", "changed parts: prompts", "== prompts ==",
                "+Mark every billing ticket as urgent.");
        assertThat(AlertInbox.find(inbox, "a-9")).isEmpty();
        assertThat(AlertInbox.find(dir.resolve("none.jsonl"), "a-1")).isEmpty();
    }
}
