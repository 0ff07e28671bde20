package dev.slipway.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.List;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.ParseException;

/** A token is verified once, then remembered; a forged or expired one is never let through. */
class VerifiedTokensTest {

    final KeyPair trusted = pair();
    final JWTAuthContextInfo context = new JWTAuthContextInfo((java.security.interfaces.RSAPublicKey) trusted.getPublic(),
            "slipway");
    final VerifiedTokens tokens = new VerifiedTokens();

    @Test
    void a_valid_token_is_verified_once_and_remembered() throws Exception {
        String token = sign(trusted.getPrivate(), "bob", 3600);

        JWTCallerPrincipal first = tokens.parse(token, context);
        JWTCallerPrincipal again = tokens.parse(token, context);

        assertThat(first.getName()).isEqualTo("bob");
        assertThat(first.getGroups()).containsExactly("approver");
        assertThat(again).as("remembered, not verified again").isSameAs(first);
    }

    @Test
    void a_token_signed_by_another_key_is_refused_even_after_a_good_one_of_the_same_claims() throws Exception {
        tokens.parse(sign(trusted.getPrivate(), "bob", 3600), context);

        assertThatThrownBy(() -> tokens.parse(sign(pair().getPrivate(), "bob", 3600), context))
                .isInstanceOf(ParseException.class);
    }

    @Test
    void an_expired_token_is_refused() {
        assertThatThrownBy(() -> tokens.parse(sign(trusted.getPrivate(), "bob", -3600), context))
                .isInstanceOf(ParseException.class);
    }

    private static String sign(PrivateKey key, String name, long expiresInSeconds) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("slipway");
        claims.setSubject(name);
        claims.setClaim("upn", name);
        claims.setStringListClaim("groups", List.of("approver"));
        claims.setIssuedAt(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 - 7200));
        claims.setExpirationTime(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 + expiresInSeconds));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    private static KeyPair pair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
