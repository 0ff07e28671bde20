package dev.slipway.testkit.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;

/**
 * What every service's {@code EndpointAuthTest} proves, extended by a {@code @QuarkusTest} in that service: every
 * endpoint the compiled application declares (so a new one is covered without being listed) refuses a call without a
 * token, with a forged or an expired one (401) and with a role it does not allow (403), each with a problem document;
 * an endpoint that names no roles fails the build.
 */
public abstract class EndpointAuthContract {

    @TestHTTPResource("/")
    URI base;

    /** One endpoint the service is known to have ({@code "POST /api/v1/…"}): proof that the walk found its endpoints. */
    protected abstract String knownEndpoint();

    @Test
    void every_endpoint_refuses_missing_forged_expired_and_wrong_role_tokens() {
        List<EndpointAuthChecks.Outcome> outcomes = EndpointAuthChecks.run(base, Path.of("target", "classes"));
        assertThat(outcomes).extracting(o -> o.endpoint().verb() + " " + o.endpoint().path()).contains(knownEndpoint());
        assertThat(outcomes).filteredOn(o -> !o.refusedAsExpected()).isEmpty();
    }
}
