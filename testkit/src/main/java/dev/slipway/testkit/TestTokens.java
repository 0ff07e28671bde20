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
import java.util.List;
import java.util.Set;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Bearer tokens for tests, signed with the test key pair this jar ships ({@code slipway-test-auth/}): a service under
 * test verifies them with {@code mp.jwt.verify.publickey.location=slipway-test-auth/public-key.pem} and issuer
 * {@value #ISSUER}. {@link #forged} signs with another key, {@link #expired} is out of date: both must be refused.
 */
public final class TestTokens {

    public static final String ISSUER = "slipway";
    public static final String PUBLIC_KEY_LOCATION = "slipway-test-auth/public-key.pem";

    /** Every role there is: what a harness acting for everyone (builds, rollouts, tasks, reads) holds. */
    public static final String[] ALL_ROLES = {"author", "approver", "model-governor", "operator", "viewer", "client"};

    private TestTokens() {
    }

    /** A valid token holding every role, for harnesses that are not what is under test. */
    public static String everyone(String name) {
        return of(name, ALL_ROLES);
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
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(name);
        claims.setClaim("upn", name);
        claims.setStringListClaim("groups", List.copyOf(roles));
        claims.setIssuedAt(NumericDate.fromMilliseconds(expiresAt.minus(Duration.ofHours(2)).toEpochMilli()));
        claims.setExpirationTime(NumericDate.fromMilliseconds(expiresAt.toEpochMilli()));
        claims.setGeneratedJwtId();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(privateKey(keyFile));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
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
