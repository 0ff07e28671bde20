package dev.slipway.service;

import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 7807 problem document. {@code violations} is an extension member naming each field at fault, so a client
 * can point at the exact line of a manifest.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://slipway.dev/problems/";

    public static Problem of(String typeSlug, String title, int status, String detail, String instance,
            List<Violation> violations) {
        return new Problem(URI.create(TYPE_BASE + typeSlug), title, status, detail, instance, violations);
    }

    public record Violation(String field, String message) {
    }
}
