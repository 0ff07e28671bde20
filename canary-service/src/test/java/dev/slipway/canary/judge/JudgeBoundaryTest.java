package dev.slipway.canary.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keeps the verdict plain Java: the judge must stay testable and reusable without a broker, a container or the Avro
 * classes, and must never read a clock (time is an input).
 */
class JudgeBoundaryTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/slipway/canary/judge");
    private static final List<String> FORBIDDEN_IMPORTS = List.of(
            "import org.apache.kafka", "import io.quarkus", "import jakarta", "import javax", "import org.apache.avro",
            "import dev.slipway.events", "import static org.apache.kafka", "import static dev.slipway.events");
    private static final List<String> CLOCK_READS = List.of(
            "Instant.now(", "Clock.", "System.currentTimeMillis", "System.nanoTime", "LocalDateTime.now(");

    @Test
    void judge_sources_import_no_kafka_quarkus_jakarta_or_avro_and_read_no_clock() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(files).as("judge sources under %s", SOURCES.toAbsolutePath()).hasSizeGreaterThan(10);
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                String trimmed = line.strip();
                for (String forbidden : FORBIDDEN_IMPORTS) {
                    assertThat(trimmed).as("%s", file.getFileName()).doesNotStartWith(forbidden);
                }
                if (!trimmed.startsWith("*") && !trimmed.startsWith("//")) {
                    for (String read : CLOCK_READS) {
                        assertThat(trimmed).as("%s", file.getFileName()).doesNotContain(read);
                    }
                }
            }
        }
    }
}
