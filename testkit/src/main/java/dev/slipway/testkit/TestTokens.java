package dev.slipway.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

import io.smallrye.jwt.build.Jwt;

/**
 * Bearer tokens for tests, signed with the test key pair this jar ships ({@code slipway-test-auth/}): a service under
 * test verifies them with {@code mp.jwt.verify.publickey.location=slipway-test-auth/public-key.pem} and issuer
 * {@value #ISSUER}. {@link #forged} signs with another key, {@link #expired} is out of date: both must be refused.
 */
public final class TestTokens {

    public static final String ISSUER = "slipway";
    public static final String PUBLIC_KEY_LOCATION = "slipway-test-auth/public-key.pem";

    private TestTokens() {
    }

    /** A valid token for {@code name} holding {@code roles}. */
    public static String of(String name, String... roles) {
        return sign(name, Set.of(roles), Instant.now().plus(Duration.ofHours(1)), "private-key.pem");
    }

    /** {@code Authorization} header value for {@link #of}. */
    public static String bearer(String name, String... roles) {
        return "Bearer " + of(name, roles);
    }

    /** A token that looks right but is signed by a key the services do not trust. */
    public static String forged(String name, String... roles) {
        return sign(name, Set.of(roles), Instant.now().plus(Duration.ofHours(1)), "forger-private-key.pem");
    }

    /** A token signed by the trusted key that expired an hour ago. */
    public static String expired(String name, String... roles) {
        return sign(name, Set.of(roles), Instant.now().minus(Duration.ofHours(1)), "private-key.pem");
    }

    private static String sign(String name, Set<String> roles, Instant expiresAt, String keyFile) {
        return Jwt.issuer(ISSUER).subject(name).upn(name).groups(roles)
                .issuedAt(expiresAt.minus(Duration.ofHours(2))).expiresAt(expiresAt)
                .sign(privateKey(keyFile));
    }

    private static PrivateKey privateKey(String file) {
        try (InputStream in = TestTokens.class.getResourceAsStream("/slipway-test-auth/" + file)) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("the test key " + file + " does not load", e);
        }
    }
}
