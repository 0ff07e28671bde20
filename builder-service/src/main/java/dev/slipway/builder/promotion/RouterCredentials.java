package dev.slipway.builder.promotion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * The builder's own credentials towards the router: a bearer token (role {@code operator}) read from
 * {@code slipway.router.token-file} at every call, so a rotated token applies without a restart. The local stack mints
 * it at {@code bin/slipway up}; production mounts one issued by its identity provider (docs/security.md). The token is
 * never logged.
 */
@ApplicationScoped
public class RouterCredentials implements ClientHeadersFactory {

    private final Optional<Path> tokenFile;

    public RouterCredentials(@ConfigProperty(name = "slipway.router.token-file") Optional<Path> tokenFile) {
        this.tokenFile = tokenFile;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        tokenFile.ifPresent(file -> {
            try {
                headers.putSingle("Authorization", "Bearer " + Files.readString(file, StandardCharsets.US_ASCII).strip());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the router token file " + file, e);
            }
        });
        return headers;
    }
}
