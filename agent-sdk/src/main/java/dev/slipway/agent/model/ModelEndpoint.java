package dev.slipway.agent.model;

import java.net.URI;
import java.util.Objects;

/**
 * One place the pinned model can be called: a provider in a region, and the exact model and snapshot it serves. The
 * endpoints come from the worker's configuration; the model and snapshot must match the release's pin, or the
 * endpoint is never used.
 *
 * @param provider e.g. {@code anthropic}, {@code bedrock}
 * @param region   e.g. {@code eu-west-1}
 * @param baseUrl  where the provider's API answers
 * @param model    the model name it serves, e.g. {@code claude-sonnet-4}
 * @param snapshot the dated snapshot it serves, e.g. {@code 2025-05-14}
 */
public record ModelEndpoint(String provider, String region, URI baseUrl, String model, String snapshot) {

    public ModelEndpoint {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(snapshot, "snapshot");
    }

    /** {@code provider/region}: the breaker's name and what a run records. */
    public String id() {
        return provider + "/" + region;
    }
}
