package dev.slipway.agent.model;

import static dev.slipway.agent.model.ScriptedModels.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.release.ModelPart;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/** Failover between providers and regions, and the per-endpoint breaker: one test per outcome. */
class ModelFailoverTest {

    static final ModelPart PIN = new ModelPart("anthropic", "claude-sonnet-4", "2025-05-14", new TreeMap<String, JsonNode>());
    static final ModelEndpoint PRIMARY = endpoint("anthropic", "us-east-1", "claude-sonnet-4", "2025-05-14");
    static final ModelEndpoint SECONDARY = endpoint("bedrock", "eu-west-1", "claude-sonnet-4", "2025-05-14");
    static final ModelRequest REQUEST = new ModelRequest(List.of(new ModelRequest.Message("user", "hi")), 100);
    static final ModelFailover.BreakerSettings BREAKER = new ModelFailover.BreakerSettings(5, 3, 50f, Duration.ofSeconds(10));

    final MutableClock clock = new MutableClock();
    final ScriptedModels models = new ScriptedModels();

    ModelFailover failover(ModelEndpoint... endpoints) {
        return new ModelFailover(PIN, List.of(endpoints), models, BREAKER, clock);
    }

    @Test
    void theFirstEndpointAnswersAndNoOtherIsCalled() {
        models.answer(PRIMARY.id(), 10, 5).answer(SECONDARY.id(), 10, 5);
        ModelFailover.Answer<ModelReply> answer = failover(PRIMARY, SECONDARY).call(REQUEST);
        assertThat(answer.endpoint()).isEqualTo(PRIMARY);
        assertThat(answer.attempts()).singleElement().satisfies(a -> {
            assertThat(a.provider()).isEqualTo("anthropic");
            assertThat(a.region()).isEqualTo("us-east-1");
            assertThat(a.inputTokens()).isEqualTo(10);
            assertThat(a.outputTokens()).isEqualTo(5);
            assertThat(a.succeeded()).isTrue();
        });
        assertThat(models.calls()).containsExactly(PRIMARY.id());
    }

    @ParameterizedTest
    @EnumSource(value = ProviderFailure.Kind.class, names = {"CONNECTION", "TIMEOUT", "RATE_LIMITED", "SERVER_ERROR", "GARBAGE"})
    void aFailureAnotherProviderMayNotHaveFailsOver(ProviderFailure.Kind kind) {
        models.fail(PRIMARY.id(), kind).answer(SECONDARY.id(), 10, 5);
        ModelFailover.Answer<ModelReply> answer = failover(PRIMARY, SECONDARY).call(REQUEST);
        assertThat(answer.endpoint()).isEqualTo(SECONDARY);
        assertThat(answer.attempts()).extracting(ModelCallRecord::failure).containsExactly(kind, null);
    }

    @Test
    void aRejectedRequestIsNotSentElsewhere() {
        models.fail(PRIMARY.id(), ProviderFailure.Kind.REJECTED).answer(SECONDARY.id(), 10, 5);
        assertThatThrownBy(() -> failover(PRIMARY, SECONDARY).call(REQUEST))
                .isInstanceOf(AllProvidersFailedException.class)
                .hasMessageContaining("rejected by anthropic/us-east-1");
        assertThat(models.calls()).containsExactly(PRIMARY.id());
    }

    @Test
    void anEndpointServingAnotherSnapshotIsNeverUsed() {
        ModelEndpoint older = endpoint("vertex", "us-central1", "claude-sonnet-4", "2025-02-19");
        models.answer(older.id(), 1, 1).answer(SECONDARY.id(), 10, 5);
        ModelFailover failover = failover(older, SECONDARY);
        assertThat(failover.endpoints()).containsExactly(SECONDARY);
        assertThat(failover.call(REQUEST).endpoint()).isEqualTo(SECONDARY);
        assertThat(models.calls()).doesNotContain(older.id());
    }

    @Test
    void noEndpointServingThePinIsAConfigurationError() {
        ModelEndpoint other = endpoint("openai", "us", "gpt-4o", "2024-08-06");
        assertThatThrownBy(() -> failover(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no configured endpoint serves the pinned model claude-sonnet-4 snapshot 2025-05-14")
                .hasMessageContaining("openai/us serves gpt-4o 2024-08-06");
    }

    @Test
    void whenEveryEndpointFailsTheErrorListsEachAttempt() {
        models.fail(PRIMARY.id(), ProviderFailure.Kind.SERVER_ERROR).fail(SECONDARY.id(), ProviderFailure.Kind.TIMEOUT);
        assertThatThrownBy(() -> failover(PRIMARY, SECONDARY).call(REQUEST))
                .isInstanceOfSatisfying(AllProvidersFailedException.class, e -> {
                    assertThat(e.getMessage()).contains("anthropic/us-east-1 SERVER_ERROR", "bedrock/eu-west-1 TIMEOUT");
                    assertThat(e.attempts()).hasSize(2);
                });
    }

    @Test
    void aDeadPrimaryIsSkippedWithoutACallOnceItsBreakerOpens() {
        models.fail(PRIMARY.id(), ProviderFailure.Kind.CONNECTION).answer(SECONDARY.id(), 10, 5);
        ModelFailover failover = failover(PRIMARY, SECONDARY);
        for (int i = 0; i < 3; i++) {
            failover.call(REQUEST);
        }
        assertThat(failover.state(PRIMARY)).isEqualTo(CircuitBreaker.State.OPEN);
        int callsToPrimary = (int) models.calls().stream().filter(PRIMARY.id()::equals).count();

        ModelFailover.Answer<ModelReply> answer = failover.call(REQUEST);

        assertThat(answer.endpoint()).isEqualTo(SECONDARY);
        assertThat(answer.attempts()).singleElement().satisfies(a -> assertThat(a.provider()).isEqualTo("bedrock"));
        assertThat(models.calls().stream().filter(PRIMARY.id()::equals).count()).isEqualTo(callsToPrimary);
    }

    @Test
    void afterTheCooldownOneProbeThatSucceedsClosesTheBreaker() {
        models.fail(PRIMARY.id(), ProviderFailure.Kind.SERVER_ERROR).answer(SECONDARY.id(), 10, 5);
        ModelFailover failover = openPrimary();
        models.answer(PRIMARY.id(), 10, 5);
        clock.advance(Duration.ofSeconds(11));

        assertThat(failover.call(REQUEST).endpoint()).isEqualTo(PRIMARY);
        assertThat(failover.state(PRIMARY)).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void afterTheCooldownAProbeThatFailsOpensTheBreakerAgain() {
        models.fail(PRIMARY.id(), ProviderFailure.Kind.SERVER_ERROR).answer(SECONDARY.id(), 10, 5);
        ModelFailover failover = openPrimary();
        clock.advance(Duration.ofSeconds(11));

        assertThat(failover.call(REQUEST).endpoint()).isEqualTo(SECONDARY);
        assertThat(failover.state(PRIMARY)).isEqualTo(CircuitBreaker.State.OPEN);
        long probes = models.calls().stream().filter(PRIMARY.id()::equals).count();
        failover.call(REQUEST);
        assertThat(models.calls().stream().filter(PRIMARY.id()::equals).count()).as("no call before the next cooldown")
                .isEqualTo(probes);
    }

    @Test
    void beforeTheCooldownEndsTheBreakerStaysOpen() {
        models.fail(PRIMARY.id(), ProviderFailure.Kind.SERVER_ERROR).answer(SECONDARY.id(), 10, 5);
        ModelFailover failover = openPrimary();
        models.answer(PRIMARY.id(), 10, 5);
        clock.advance(Duration.ofSeconds(9));

        assertThat(failover.call(REQUEST).endpoint()).isEqualTo(SECONDARY);
        assertThat(failover.state(PRIMARY)).isEqualTo(CircuitBreaker.State.OPEN);
    }

    private ModelFailover openPrimary() {
        ModelFailover failover = failover(PRIMARY, SECONDARY);
        for (int i = 0; i < 3; i++) {
            failover.call(REQUEST);
        }
        assertThat(failover.state(PRIMARY)).isEqualTo(CircuitBreaker.State.OPEN);
        return failover;
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-03T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

}
