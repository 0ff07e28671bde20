package dev.slipway.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.slipway.cli.FakeBuilder;
import dev.slipway.cli.Output;
import dev.slipway.cli.OutputFormat;
import dev.slipway.cli.Styles;

/** What {@code slipway status} shows of each service's dead letters: the counts on its readiness check. */
class DeadLetterCountsTest {

    @TempDir
    Path home;

    @Test
    void reads_each_consumers_count_from_the_readiness_data_whether_or_not_the_service_is_ready() throws Exception {
        try (FakeBuilder service = new FakeBuilder()) {
            service.answer("GET /q/health/ready", 503, """
                    {"status":"DOWN","checks":[
                      {"name":"intake","status":"DOWN","data":{"reader.router.routes":"reading",
                        "dead-letters.router.routes":3,"dead-letters.router.pointer":0}},
                      {"name":"Kafka Streams topics health check","status":"UP","data":{"available_topics":"x"}}]}""");

            assertThat(stackService().deadLetterCounts(service.url() + "/q/health/ready"))
                    .containsExactly(java.util.Map.entry("router.pointer", 0L), java.util.Map.entry("router.routes", 3L));
        }
    }

    @Test
    void a_service_that_does_not_answer_has_no_counts() {
        assertThat(stackService().deadLetterCounts("http://127.0.0.1:1/q/health/ready")).isEmpty();
        assertThat(stackService().deadLetterCounts(null)).isEmpty();
    }

    private StackService stackService() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        return new StackService(StackLayout.of(home, java.util.Map.of()), new Output(sink, sink, OutputFormat.text, new Styles(false)));
    }
}
