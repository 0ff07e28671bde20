package dev.slipway.lineage.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.slipway.lineage.alerts.DeliveryPolicy.Verdict;

/** One test per verdict of {@link DeliveryPolicy}, and its back-off. */
class DeliveryPolicyTest {

    private final DeliveryPolicy policy = new DeliveryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(5));

    @Test
    void a_2xx_is_delivered() {
        assertThat(policy.after(200, 1)).isEqualTo(Verdict.DELIVERED);
        assertThat(policy.after(204, 4)).isEqualTo(Verdict.DELIVERED);
    }

    @Test
    void no_answer_a_timeout_a_throttle_or_a_server_error_is_tried_again_while_attempts_last() {
        assertThat(policy.after(-1, 1)).isEqualTo(Verdict.RETRY);
        assertThat(policy.after(408, 2)).isEqualTo(Verdict.RETRY);
        assertThat(policy.after(429, 2)).isEqualTo(Verdict.RETRY);
        assertThat(policy.after(503, 3)).isEqualTo(Verdict.RETRY);
        assertThat(policy.after(503, 4)).isEqualTo(Verdict.GIVE_UP);
    }

    @Test
    void a_request_the_sink_refuses_as_wrong_is_given_up_at_once() {
        assertThat(policy.after(400, 1)).isEqualTo(Verdict.GIVE_UP);
        assertThat(policy.after(404, 1)).isEqualTo(Verdict.GIVE_UP);
    }

    @Test
    void the_backoff_doubles_up_to_the_longest_and_honours_a_longer_retry_after() {
        assertThat(policy.backoff(1, null)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.backoff(2, null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoff(3, null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoff(10, null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(policy.backoff(1, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        // A Retry-After longer than the longest pause is not waited for: the attempt budget decides.
        assertThat(policy.backoff(1, Duration.ofMinutes(5))).isEqualTo(Duration.ofMillis(500));
    }
}
