package dev.slipway.agent.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.examples.sim.SimProvider;
import dev.slipway.release.ModelPart;

/** The chat-completions client against simulated providers over HTTP: each fault classified, and failed over. */
class OpenAiCompatibleClientTest {

    static final String SNAPSHOT = "2025-05-14";
    static final ModelRequest ASK = new ModelRequest(List.of(new ModelRequest.Message("system", "Triage tickets."),
            new ModelRequest.Message("user", "Charged twice for May, please refund")), 200);

    final SimProvider primary = start("anthropic");
    final SimProvider secondary = start("bedrock");
    final OpenAiCompatibleClient client = new OpenAiCompatibleClient(Duration.ofMillis(500));

    static SimProvider start(String name) {
        try {
            return SimProvider.start(name, "claude-sonnet-4", Map.of(SNAPSHOT, 0.0), 42, Duration.ZERO,
                    Duration.ofSeconds(5), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    ModelEndpoint endpoint(SimProvider provider, String snapshot) {
        return new ModelEndpoint(provider.name(), "local", provider.url(), "claude-sonnet-4", snapshot);
    }

    @AfterEach
    void stop() {
        primary.close();
        secondary.close();
    }

    @Test
    void anAnswerCarriesTheContentAndTheTokensCounted() throws ProviderFailure {
        ModelReply reply = client.call(endpoint(primary, SNAPSHOT), ASK);
        assertThat(reply.content()).contains("\"category\":\"billing\"");
        assertThat(reply.inputTokens()).isPositive();
        assertThat(reply.outputTokens()).isPositive();
    }

    @ParameterizedTest
    @CsvSource({"OUTAGE,SERVER_ERROR", "RATE_LIMIT,RATE_LIMITED", "GARBAGE,GARBAGE", "DOWN,CONNECTION", "SLOW,TIMEOUT"})
    void eachFaultIsClassifiedForTheFailover(SimProvider.Fault fault, ProviderFailure.Kind kind) {
        primary.fault(fault);
        assertThatThrownBy(() -> client.call(endpoint(primary, SNAPSHOT), ASK))
                .isInstanceOfSatisfying(ProviderFailure.class, f -> assertThat(f.kind()).isEqualTo(kind));
    }

    @Test
    void aSnapshotTheProviderDoesNotServeIsRejectedNotFailedOver() {
        assertThatThrownBy(() -> client.call(endpoint(primary, "2024-10-22"), ASK))
                .isInstanceOfSatisfying(ProviderFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(ProviderFailure.Kind.REJECTED);
                    assertThat(f.getMessage()).contains("is not served here");
                });
    }

    @Test
    void aPrimaryOutageFailsOverToTheSecondaryWithoutAFailedTask() {
        ModelPart pin = new ModelPart("anthropic", "claude-sonnet-4", SNAPSHOT, new TreeMap<String, JsonNode>());
        ModelFailover failover = new ModelFailover(pin, List.of(endpoint(primary, SNAPSHOT), endpoint(secondary, SNAPSHOT)),
                client, ModelFailover.BreakerSettings.DEFAULT);
        primary.fault(SimProvider.Fault.OUTAGE);
        for (int i = 0; i < 10; i++) {
            assertThat(failover.call(ASK).endpoint().provider()).isEqualTo("bedrock");
        }
        assertThat(primary.calls()).as("the open breaker spares the dead primary").isEqualTo(3);
        assertThat(secondary.answered()).isEqualTo(10);
    }
}
