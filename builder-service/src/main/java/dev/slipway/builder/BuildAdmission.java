package dev.slipway.builder;

import java.util.List;
import java.util.concurrent.Semaphore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.slipway.service.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Admits a release build before its body is read, so memory stays bounded whatever clients send: a body announced
 * over the body limit is refused at once (413), and at most {@code slipway.builder.max-concurrent-builds} bodies are
 * received and built at a time — the next build request gets 503 with {@code Retry-After} instead of a buffer. A body
 * that grows past the limit without announcing its length is cut off by the HTTP layer's own cap, the same value.
 */
@ApplicationScoped
public class BuildAdmission {

    static final String BUILD_PATH = "/api/v1/releases";
    static final String PROPOSE_PATH = "/api/v1/candidates";
    private static final int BEFORE_EVERYTHING = 1000;

    private final Semaphore builds;
    private final int maxConcurrentBuilds;
    private final long maxBodyBytes;
    private final ObjectMapper json;

    public BuildAdmission(@ConfigProperty(name = "slipway.builder.max-concurrent-builds", defaultValue = "2") int maxConcurrentBuilds,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize, ObjectMapper json) {
        if (maxConcurrentBuilds < 1) {
            throw new IllegalArgumentException("slipway.builder.max-concurrent-builds must be at least 1, was "
                    + maxConcurrentBuilds);
        }
        this.maxConcurrentBuilds = maxConcurrentBuilds;
        this.builds = new Semaphore(maxConcurrentBuilds);
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.json = json;
    }

    void register(@Observes Filters filters) {
        filters.register(this::admit, BEFORE_EVERYTHING);
    }

    private void admit(RoutingContext rc) {
        // Proposing a candidate loads a whole bundle too.
        if (rc.request().method() != HttpMethod.POST
                || !(BUILD_PATH.equals(rc.normalizedPath()) || PROPOSE_PATH.equals(rc.normalizedPath()))) {
            rc.next();
            return;
        }
        String announced = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (announced != null && parseOr(announced, 0) > maxBodyBytes) {
            refuse(rc, Problem.of("body-too-large", "Request body too large", 413,
                    "the body is " + announced + " bytes, over the body limit of "
                            + dev.slipway.release.ReleaseLimits.inWords(maxBodyBytes)
                            + " (a release may hold at most "
                            + dev.slipway.release.ReleaseLimits.inWords(dev.slipway.release.ReleaseLimits.DEFAULT.maxReleaseBytes())
                            + " of files)",
                    rc.normalizedPath(), List.of(new Problem.Violation("body", "over the body limit of "
                            + dev.slipway.release.ReleaseLimits.inWords(maxBodyBytes)))), null);
            return;
        }
        if (!builds.tryAcquire()) {
            refuse(rc, Problem.of("builder-busy", "Builder busy", 503,
                    maxConcurrentBuilds + " builds are in progress, the most this builder takes at once; "
                            + "nothing was read or published, retry after a second",
                    rc.normalizedPath(), List.of()), "1");
            return;
        }
        rc.addEndHandler(done -> builds.release());
        rc.next();
    }

    private void refuse(RoutingContext rc, Problem problem, String retryAfter) {
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        var response = rc.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                // The body was not read: the connection cannot carry another request after it.
                .putHeader(HttpHeaders.CONNECTION, "close");
        if (retryAfter != null) {
            response.putHeader("Retry-After", retryAfter);
        }
        response.end(body);
    }

    private static long parseOr(String number, long fallback) {
        try {
            return Long.parseLong(number.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
