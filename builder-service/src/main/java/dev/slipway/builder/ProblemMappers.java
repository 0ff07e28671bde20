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
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

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
        String field = e instanceof JsonMappingException m ? fieldOf(m) : "body";
        String message = e instanceof JsonMappingException ? inWords(e.getOriginalMessage())
                : "malformed JSON: " + inWords(e.getOriginalMessage());
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            message += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return respond(Problem.of("unreadable-body", "Unreadable request body", 400, field + ": " + message, path(uri),
                List.of(new Problem.Violation(field, message))));
    }

    /** Quarkus maps this subclass itself, before a mapper of its superclass is asked. */
    @ServerExceptionMapper
    public Response mismatchedBody(MismatchedInputException e, UriInfo uri) {
        return unreadableBody(e, uri);
    }

    /** The body's field at fault as a client wrote it: {@code files['prompts/system.md']}, {@code manifest}. */
    static String fieldOf(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (field.toString().equals("files")) {
                    field.append("['").append(ref.getFieldName()).append("']");
                } else {
                    field.append(field.length() == 0 ? "" : ".").append(ref.getFieldName());
                }
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.length() == 0 ? "body" : field.toString();
    }

    /** Jackson's message without the Java types it names: a client wrote JSON, not Java. */
    private static String inWords(String message) {
        if (message == null) {
            return "not the expected shape";
        }
        String firstLine = message.lines().findFirst().orElse("");
        if (firstLine.contains("`") || firstLine.matches(".*\\b(java|com\\.fasterxml|dev\\.slipway)\\..*")) {
            return "not the expected shape here";
        }
        return firstLine;
    }

    @ServerExceptionMapper
    public Response logUnavailable(EventWriter.LogUnavailableException e, UriInfo uri) {
        LOG.warn("release log unavailable", e);
        return respond(Problem.of("log-unavailable", "Release log unavailable", 503,
                e.getMessage() + "; nothing was published, retry later", path(uri), List.of()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            // The JSON reader wraps a malformed body: say what and where, not just "400 Bad Request".
            return unreadableBody(unreadable, uri);
        }
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
