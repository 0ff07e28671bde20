package dev.slipway.service.auth;

import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Verifies a bearer token once and remembers the result for a few minutes: a worker, a client or a CLI sends the same
 * token with every request, and verifying its signature and claims each time cost the router three quarters of its
 * look-up throughput (docs/benchmarks.md). The key is the whole token, so a token that differs in a single byte — a
 * forged signature — is verified afresh; a remembered token is still refused once it expires. A key rotated at the
 * identity provider applies to tokens already seen within {@link #REMEMBERED} at the latest.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class VerifiedTokens extends JWTCallerPrincipalFactory {

    /** How long a verified token is remembered, at most (and never past its own expiry). */
    static final Duration REMEMBERED = Duration.ofMinutes(5);

    private final DefaultJWTCallerPrincipalFactory verifier = new DefaultJWTCallerPrincipalFactory();
    private final Cache<String, JWTCallerPrincipal> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(REMEMBERED)
            .build();

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo context) throws ParseException {
        JWTCallerPrincipal known = verified.getIfPresent(token);
        if (known != null && !expired(known)) {
            return known;
        }
        JWTCallerPrincipal principal = verifier.parse(token, context);
        verified.put(token, principal);
        return principal;
    }

    private static boolean expired(JWTCallerPrincipal principal) {
        long expiresAt = principal.getExpirationTime();
        return expiresAt > 0 && expiresAt * 1000 <= System.currentTimeMillis();
    }
}
