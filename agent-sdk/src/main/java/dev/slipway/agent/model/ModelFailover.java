package dev.slipway.agent.model;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.slipway.release.ModelPart;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

/**
 * Calls the release's pinned model at the first endpoint, in priority order, that answers: a connection error,
 * time-out, 429, 5xx or garbage moves on to the next endpoint; a rejected request (another 4xx) does not, since every
 * provider would reject it. Each endpoint has a circuit breaker (Resilience4j): once it is open the endpoint is
 * skipped at no cost until its cooldown ends, then one probe call decides whether it closes again. Endpoints that
 * serve another model or snapshot than the release pins are never used.
 */
public final class ModelFailover {

    /**
     * When an endpoint's breaker opens and for how long.
     *
     * @param window           the last calls the failure rate is taken over
     * @param minimumCalls     calls needed before the rate counts
     * @param failureRate      percentage of failed calls that opens the breaker
     * @param cooldown         how long an open breaker skips its endpoint before one probe is let through
     */
    public record BreakerSettings(int window, int minimumCalls, float failureRate, Duration cooldown) {

        /** Opens after 3 failures in the last 5 calls (at least 3 made); one probe after 10 s. */
        public static final BreakerSettings DEFAULT = new BreakerSettings(5, 3, 50f, Duration.ofSeconds(10));
    }

    /** The reply, the endpoint that gave it, and every attempt made for it (failed ones first). */
    public record Answer<R>(R reply, ModelEndpoint endpoint, List<ModelCallRecord> attempts) {
    }

    /**
     * One call at one endpoint with whichever client the agent uses (this SDK's, or a framework's): it throws a
     * {@link ProviderFailure} that says whether to fail over.
     */
    @FunctionalInterface
    public interface EndpointCall<R> {
        R call(ModelEndpoint endpoint) throws ProviderFailure;
    }

    /** The tokens a reply counted. */
    public record TokenCount(long input, long output) {
    }

    private final ModelPart pin;
    private final Map<ModelEndpoint, CircuitBreaker> breakers = new LinkedHashMap<>();
    private final ModelClient client;

    /**
     * @throws IllegalArgumentException when no endpoint serves the pinned model and snapshot (naming what they serve)
     */
    public ModelFailover(ModelPart pin, List<ModelEndpoint> endpoints, ModelClient client, BreakerSettings settings) {
        this(pin, endpoints, client, settings, Clock.systemUTC());
    }

    /**
     * For agents that call the model with their own client (a framework's), through {@link #call(EndpointCall,
     * Function)} only.
     */
    public ModelFailover(ModelPart pin, List<ModelEndpoint> endpoints, BreakerSettings settings) {
        this(pin, endpoints, null, settings, Clock.systemUTC());
    }

    /** With the clock the breakers' cooldowns are measured on (tests move it). */
    public ModelFailover(ModelPart pin, List<ModelEndpoint> endpoints, ModelClient client, BreakerSettings settings,
            Clock clock) {
        this.pin = pin;
        this.client = client;
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .clock(clock)
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.window())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRate())
                .waitDurationInOpenState(settings.cooldown())
                .permittedNumberOfCallsInHalfOpenState(1)
                // A rejected request says nothing about the provider's health.
                .recordException(e -> !(e instanceof ProviderFailure f) || f.kind().failover())
                .build();
        for (ModelEndpoint endpoint : endpoints) {
            if (serves(endpoint)) {
                breakers.put(endpoint, CircuitBreaker.of(endpoint.id(), config));
            }
        }
        if (breakers.isEmpty()) {
            throw new IllegalArgumentException("no configured endpoint serves the pinned model " + pin.name() + " snapshot "
                    + pin.snapshot() + " (configured: " + endpoints.stream()
                            .map(e -> e.id() + " serves " + e.model() + " " + e.snapshot()).toList() + ")");
        }
    }

    private boolean serves(ModelEndpoint endpoint) {
        return endpoint.model().equals(pin.name()) && endpoint.snapshot().equals(pin.snapshot());
    }

    /** The endpoints in use, in priority order (those serving the pinned snapshot). */
    public List<ModelEndpoint> endpoints() {
        return List.copyOf(breakers.keySet());
    }

    /** The breaker state of an endpoint: CLOSED, OPEN, HALF_OPEN. */
    public CircuitBreaker.State state(ModelEndpoint endpoint) {
        return breakers.get(endpoint).getState();
    }

    /**
     * @throws AllProvidersFailedException when no endpoint answered, with every attempt
     */
    public Answer<ModelReply> call(ModelRequest request) {
        if (client == null) {
            throw new IllegalStateException("this failover was built without a ModelClient: call it with the agent's own");
        }
        return call(endpoint -> client.call(endpoint, request), r -> new TokenCount(r.inputTokens(), r.outputTokens()));
    }

    /**
     * Makes one call through the endpoints' breakers, in priority order, with the agent's own client.
     *
     * @param tokens what the reply counted, for the call's record
     * @throws AllProvidersFailedException when no endpoint answered, with every attempt
     */
    public <R> Answer<R> call(EndpointCall<R> call, Function<? super R, TokenCount> tokens) {
        List<ModelCallRecord> attempts = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Map.Entry<ModelEndpoint, CircuitBreaker> entry : breakers.entrySet()) {
            ModelEndpoint endpoint = entry.getKey();
            CircuitBreaker breaker = entry.getValue();
            if (!breaker.tryAcquirePermission()) {
                skipped.add(endpoint.id());
                continue;
            }
            long start = System.nanoTime();
            try {
                R reply = call.call(endpoint);
                long nanos = System.nanoTime() - start;
                breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
                TokenCount counted = tokens.apply(reply);
                attempts.add(new ModelCallRecord(endpoint.provider(), endpoint.region(), endpoint.model(),
                        counted.input(), counted.output(), TimeUnit.NANOSECONDS.toMillis(nanos), null));
                return new Answer<>(reply, endpoint, attempts);
            } catch (ProviderFailure failure) {
                long nanos = System.nanoTime() - start;
                breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
                attempts.add(new ModelCallRecord(endpoint.provider(), endpoint.region(), endpoint.model(), 0, 0,
                        TimeUnit.NANOSECONDS.toMillis(nanos), failure.kind()));
                if (!failure.kind().failover()) {
                    throw new AllProvidersFailedException("the request was rejected by " + endpoint.id() + ": "
                            + failure.getMessage(), attempts);
                }
            } catch (RuntimeException bug) {
                // A client that throws anything else is broken: count it against the endpoint, try the next.
                long nanos = System.nanoTime() - start;
                breaker.onError(nanos, TimeUnit.NANOSECONDS, bug);
                attempts.add(new ModelCallRecord(endpoint.provider(), endpoint.region(), endpoint.model(), 0, 0,
                        TimeUnit.NANOSECONDS.toMillis(nanos), ProviderFailure.Kind.GARBAGE));
            }
        }
        throw new AllProvidersFailedException("no provider answered for " + pin.name() + " " + pin.snapshot()
                + (attempts.isEmpty() ? "" : "; failed: " + attempts.stream()
                        .map(a -> a.provider() + "/" + a.region() + " " + a.failure()).toList())
                + (skipped.isEmpty() ? "" : "; skipped (breaker open): " + skipped), attempts);
    }
}
