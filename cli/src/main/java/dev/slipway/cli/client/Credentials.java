package dev.slipway.cli.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bearer token a client sends: {@value #TOKEN_ENV} when set, else the token {@code bin/slipway login} saved, else
 * none (the services then answer 401 and the CLI says how to log in). The token is never printed or logged.
 */
public final class Credentials {

    public static final String TOKEN_ENV = "SLIPWAY_TOKEN";

    private final Optional<String> token;

    private Credentials(Optional<String> token) {
        this.token = token.map(String::strip).filter(t -> !t.isEmpty());
    }

    public static Credentials none() {
        return new Credentials(Optional.empty());
    }

    public static Credentials of(String token) {
        return new Credentials(Optional.of(token));
    }

    /** {@code fromEnv} if set, else the saved token file if it exists, else none. */
    public static Credentials resolve(Optional<String> fromEnv, Path savedToken) {
        if (fromEnv.isPresent()) {
            return new Credentials(fromEnv);
        }
        if (!Files.isRegularFile(savedToken)) {
            return none();
        }
        try {
            return new Credentials(Optional.of(Files.readString(savedToken, StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the saved token " + savedToken, e);
        }
    }

    /** The {@code Authorization} header value, if there is a token. */
    public Optional<String> authorization() {
        return token.map(t -> "Bearer " + t);
    }

    public boolean present() {
        return token.isPresent();
    }

    @Override
    public String toString() {
        return token.isPresent() ? "Credentials[bearer token]" : "Credentials[none]";
    }
}
