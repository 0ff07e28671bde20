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

    /**
     * An endpoint from configuration: {@code provider/region=url}, serving the pinned model and snapshot, or
     * {@code provider/region=url#model@snapshot} for one that says what it serves (and is then used only if that is
     * the pin).
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static ModelEndpoint parse(String spec, dev.slipway.release.ModelPart pin) {
        int eq = spec.indexOf('=');
        int slash = spec.indexOf('/');
        if (eq < 0 || slash < 0 || slash > eq) {
            throw new IllegalArgumentException("a model endpoint is provider/region=url[#model@snapshot], was " + spec);
        }
        String[] who = spec.substring(0, eq).split("/", 2);
        String rest = spec.substring(eq + 1);
        String model = pin.name();
        String snapshot = pin.snapshot();
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            String[] served = rest.substring(hash + 1).split("@", 2);
            model = served[0];
            snapshot = served.length > 1 ? served[1] : snapshot;
            rest = rest.substring(0, hash);
        }
        return new ModelEndpoint(who[0].trim(), who[1].trim(), URI.create(rest.trim()), model, snapshot);
    }

    /** {@code provider/region}: the breaker's name and what a run records. */
    public String id() {
        return provider + "/" + region;
    }
}
