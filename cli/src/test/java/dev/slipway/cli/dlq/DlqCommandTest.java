package dev.slipway.cli.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.slipway.cli.CliHarness;
import dev.slipway.cli.ExitCodes;

/** {@code slipway dlq}: filters, rendering, the broker it reads and its usage errors, against canned dead letters. */
class DlqCommandTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final List<DeadLetter> LETTERS = List.of(
            new DeadLetter(T0, "builder.release-log", "slipway.releases", 0, 3, "undecodable value (12 bytes): Malformed",
                    utf8("sha256:" + "a".repeat(64)), utf8("not avro"), "12"),
            new DeadLetter(T0.plusSeconds(1), "router.routes", "slipway.routes", 1, 7,
                    "key 'x/prod' but the value's deployment is 'y/prod'", utf8("x/prod"), new byte[] {0, 1}, "2"),
            new DeadLetter(T0.plusSeconds(2), "canary.judge", "slipway.runs", 2, 9, "key is not UTF-8 text (2 bytes)",
                    new byte[] {(byte) 0xff, (byte) 0xfe}, null, "null"));

    @TempDir
    Path home;

    private final AtomicReference<String> bootstrapAsked = new AtomicReference<>();

    private CliHarness cli() {
        return new CliHarness(home).configure(ctx -> ctx.override(DeadLetterReader.class, c -> {
            bootstrapAsked.set(c.kafkaBootstrap());
            return new DeadLetterReader(c.kafkaBootstrap()) {
                @Override
                public List<DeadLetter> readAll() {
                    return LETTERS;
                }
            };
        }));
    }

    @Test
    void lists_every_dead_letter_with_consumer_origin_key_and_reason() {
        CliHarness.Result r = cli().run("dlq");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("builder.release-log  slipway.releases-0@3  key sha256:" + "a".repeat(64))
                .contains("undecodable value (12 bytes): Malformed")
                .contains("router.routes  slipway.routes-1@7  key x/prod  2 bytes")
                .contains("key 0xfffe  null");
        assertThat(bootstrapAsked.get()).isEqualTo("127.0.0.1:19092");
    }

    @Test
    void filters_by_source_topic_and_by_consumer() {
        assertThat(cli().run("dlq", "--topic", "slipway.routes").out()).contains("router.routes")
                .doesNotContain("builder.release-log").doesNotContain("canary.judge");
        assertThat(cli().run("dlq", "--consumer", "canary.judge").out()).contains("slipway.runs-2@9")
                .doesNotContain("slipway.routes");
        assertThat(cli().run("dlq", "--topic", "slipway.alerts").out()).contains("no dead letters from slipway.alerts");
    }

    @Test
    void shows_the_last_n_and_says_how_many_there_are() {
        CliHarness.Result r = cli().run("dlq", "--limit", "1");
        assertThat(r.out()).contains("canary.judge").doesNotContain("router.routes")
                .contains("the last 1 of 3; --limit 0 shows all");
    }

    @Test
    void prints_json_for_scripts() throws Exception {
        JsonNode json = new ObjectMapper().readTree(cli().run("dlq", "--output", "json").out());
        assertThat(json.get("total").asInt()).isEqualTo(3);
        assertThat(json.get("items").get(1).get("consumer").asText()).isEqualTo("router.routes");
        assertThat(json.get("items").get(1).get("offset").asLong()).isEqualTo(7);
        assertThat(json.get("items").get(1).get("reason").asText()).contains("but the value's deployment is");
    }

    @Test
    void reads_the_broker_named_by_the_flag_or_the_environment() {
        cli().run("dlq", "--bootstrap-server", "10.0.0.1:9092");
        assertThat(bootstrapAsked.get()).isEqualTo("10.0.0.1:9092");
        new CliHarness(home).env("SLIPWAY_KAFKA_BOOTSTRAP", "kafka:9092").configure(ctx -> ctx.override(DeadLetterReader.class, c -> {
            bootstrapAsked.set(c.kafkaBootstrap());
            return new DeadLetterReader(c.kafkaBootstrap()) {
                @Override
                public List<DeadLetter> readAll() {
                    return List.of();
                }
            };
        })).run("dlq");
        assertThat(bootstrapAsked.get()).isEqualTo("kafka:9092");
    }

    @Test
    void a_negative_limit_is_a_usage_error() {
        CliHarness.Result r = cli().run("dlq", "--limit", "-1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--limit must be 0 (all) or more, got -1");
    }

    @Test
    void an_unreachable_broker_is_named_with_the_flag_to_change_it() {
        CliHarness.Result r = new CliHarness(home).run("dlq", "--bootstrap-server", "127.0.0.1:1");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err()).contains("Kafka at 127.0.0.1:1 did not answer").contains("--bootstrap-server");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
