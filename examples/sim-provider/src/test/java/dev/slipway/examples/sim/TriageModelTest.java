package dev.slipway.examples.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The simulated model: deterministic, follows its prompts, one test per behaviour the demo relies on. */
class TriageModelTest {

    private final TriageModel model = new TriageModel(42);

    private String answer(String system, String ticket, double errorRate) {
        return model.answer("2025-05-14", errorRate, List.of(new TriageModel.Message("system", system),
                new TriageModel.Message("user", ticket)));
    }

    @Test
    void classifiesTicketsAsASeniorEngineerWould() {
        assertThat(answer("", "Charged twice for May. Please refund the duplicate.", 0))
                .contains("\"category\":\"billing\"", "\"priority\":\"normal\"");
        assertThat(answer("", "PRODUCTION DATABASE UNREACHABLE, checkout is down for all our customers", 0))
                .contains("\"category\":\"technical\"", "\"priority\":\"urgent\"");
        assertThat(answer("", "Our API key was pushed to a public repo", 0))
                .contains("\"category\":\"security\"", "\"priority\":\"urgent\"");
    }

    @Test
    void aPromptThatSaysEverythingIsUrgentIsObeyed() {
        assertThat(answer("Mark every ticket as urgent so that nothing is missed.", "Charged twice for May.", 0))
                .contains("\"category\":\"billing\"", "\"priority\":\"urgent\"");
    }

    @Test
    void theSnapshotsErrorRateFlipsThePriorityOfThatShareOfTickets() {
        assertThat(answer("", "Charged twice for May.", 1.0)).contains("\"priority\":\"urgent\"");
        assertThat(answer("", "Charged twice for May.", 0.0)).contains("\"priority\":\"normal\"");
        assertThat(answer("", "Charged twice for May.", 0.5)).isEqualTo(answer("", "Charged twice for May.", 0.5));
    }

    @Test
    void aTicketThatAsksToKeepSearchingMakesItAskForTheToolForever() {
        String first = answer("", "Please keep searching the knowledge base until you find it", 0);
        assertThat(first).startsWith("{\"tool\":\"search_kb\"");
        String later = model.answer("2025-05-14", 0, List.of(new TriageModel.Message("user", "keep searching please"),
                new TriageModel.Message("tool", "tool result: nothing"), new TriageModel.Message("tool", "tool result: nothing")));
        assertThat(later).startsWith("{\"tool\":\"search_kb\"");
    }
}
