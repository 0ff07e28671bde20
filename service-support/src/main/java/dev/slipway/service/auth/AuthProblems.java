package dev.slipway.service.auth;

import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.slipway.service.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Refused credentials as problem documents: 401 when there is no valid token (none, expired, forged, wrong issuer),
 * 403 when the token is valid but its roles do not allow the call. The token itself is never echoed or logged.
 */
public class AuthProblems {

    private final SecurityIdentity identity;

    public AuthProblems(SecurityIdentity identity) {
        this.identity = identity;
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return unauthorized("no bearer token: send Authorization: Bearer <token> (bin/slipway login)", uri);
    }

    @ServerExceptionMapper
    public Response failed(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized("the bearer token was not accepted: it is expired, malformed, or not signed by a key this"
                + " service trusts", uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        String who = identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
        return Response.status(403).type(Problem.MEDIA_TYPE)
                .entity(Problem.of("forbidden", "Forbidden", 403, who + " holds "
                        + (identity.getRoles().isEmpty() ? "no role" : String.join(", ", new java.util.TreeSet<>(identity.getRoles())))
                        + ", which does not allow " + uri.getRequestUri().getPath(), uri.getRequestUri().getPath(),
                        List.of(new Problem.Violation("Authorization", "a token with a role allowed here is required"))))
                .build();
    }

    private static Response unauthorized(String detail, UriInfo uri) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(Problem.of("unauthorized", "Unauthorized", 401, detail, uri.getRequestUri().getPath(),
                        List.of(new Problem.Violation("Authorization", detail))))
                .build();
    }
}
