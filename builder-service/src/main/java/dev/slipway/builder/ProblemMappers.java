package dev.slipway.builder;

import dev.slipway.service.Problem;

import java.util.List;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;

import dev.slipway.release.ReleaseValidationException;

/**
 * Every error leaves as {@code application/problem+json}. Written here rather than taken from a library because the
 * builder needs only these few mappings plus the {@code violations} member that names each field at fault.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response refused(ProblemException e, UriInfo uri) {
        return respond(e.toProblem(path(uri)));
    }

    @ServerExceptionMapper
    public Response invalidRelease(ReleaseValidationException e, UriInfo uri) {
        List<Problem.Violation> violations = e.violations().stream()
                .map(v -> new Problem.Violation(v.field(), v.message()))
                .toList();
        return respond(Problem.of("invalid-release", "Invalid release", 422,
                violations.size() + " problem(s) in the release manifest or its files", path(uri), violations));
    }

    @ServerExceptionMapper
    public Response badArgument(IllegalArgumentException e, UriInfo uri) {
        return respond(Problem.of("bad-request", "Bad request", 400, e.getMessage(), path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException m ? m.getPathReference() : "body";
        return respond(Problem.of("unreadable-body", "Unreadable request body", 400, e.getOriginalMessage(), path(uri),
                List.of(new Problem.Violation(field, e.getOriginalMessage()))));
    }

    @ServerExceptionMapper
    public Response logUnavailable(ReleaseLog.LogUnavailableException e, UriInfo uri) {
        LOG.warn("release log unavailable", e);
        return respond(Problem.of("log-unavailable", "Release log unavailable", 503,
                e.getMessage() + "; nothing was published, retry later", path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        return respond(Problem.of("http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(), status,
                e.getMessage(), path(uri), List.of()));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }
}
