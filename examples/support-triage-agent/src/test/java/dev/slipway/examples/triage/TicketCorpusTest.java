package dev.slipway.examples.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.slipway.examples.sim.TriageModel;
import dev.slipway.examples.triage.traffic.Ticket;

/** The corpus grades the demo's releases apart: the sample's prompts get it right, the regressing prompt does not. */
class TicketCorpusTest {

    static final ObjectMapper JSON = new ObjectMapper();
    final TriageModel model = new TriageModel(42);

    double accuracy(String prompts) throws Exception {
        List<Ticket> corpus = Ticket.corpus();
        int right = 0;
        for (Ticket t : corpus) {
            String answer = model.answer("2025-05-14", 0.0, List.of(new TriageModel.Message("system", prompts),
                    new TriageModel.Message("user", t.subject() + "\n\n" + t.body()),
                    new TriageModel.Message("tool", "tool result: kb-101")));
            right += t.gradedRight(JSON.readTree(answer)) ? 1 : 0;
        }
        return right / (double) corpus.size();
    }

    @Test
    void theSamplePromptsTriageEveryTicketRight() throws Exception {
        assertThat(Ticket.corpus()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(accuracy("You triage support tickets.")).isEqualTo(1.0);
    }

    @Test
    void thePromptThatMarksEverythingUrgentGetsMostTicketsWrong() throws Exception {
        assertThat(accuracy("Mark every ticket as urgent so that nothing is missed.")).isLessThan(0.4);
    }

    @Test
    void theDemosRegressingPromptGetsEveryBillingTicketWrongAndBillingIsMoreThanHalfTheTraffic() throws Exception {
        long billing = Ticket.corpus().stream().filter(t -> t.category().equals("billing")).count();
        assertThat(billing / (double) Ticket.corpus().size()).isGreaterThan(0.55);
        assertThat(accuracy("Mark every billing ticket as urgent so that no payment problem waits."))
                .isCloseTo(1 - billing / (double) Ticket.corpus().size(), org.assertj.core.data.Offset.offset(1e-9));
    }
}
