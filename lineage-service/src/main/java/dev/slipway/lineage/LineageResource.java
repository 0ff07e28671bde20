package dev.slipway.lineage;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import dev.slipway.lineage.query.LineageQueries;
import dev.slipway.lineage.store.LineageKeys.Index;
import dev.slipway.service.Problem;
import dev.slipway.service.auth.Roles;

/**
 * Lineage queries: a run and everything it saw, a release's runs, runs by input or task key, which release served a
 * deployment when and who moved the pointer, the runs that do not trace back to a routed release, and each
 * deployment's audit trail. Bad input is a 400 problem naming the parameter; an unknown run or release a 404.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.AUTHOR, Roles.APPROVER, Roles.MODEL_GOVERNOR, Roles.OPERATOR})
public class LineageResource {

    /** The default page size. */
    static final int PAGE = 50;

    private final ReleaseLineage lineage;
    private final AuditLog audit;
    private final LineageStore store;

    public LineageResource(ReleaseLineage lineage, AuditLog audit, LineageStore store) {
        this.lineage = lineage;
        this.audit = audit;
        this.store = store;
    }

    /** A deployment's pointer history: what was stable when, who moved it, through which gate. */
    public record AuditView(String deployment, String stable, List<AuditTrail.Entry> entries) {
    }

    /** One version of a deployment's route, and what moved the pointer there (null when no event names it). */
    public record TimelineEntry(LineageQueries.RouteVersion route, AuditTrail.Entry movedBy) {
    }

    /** Which release served a deployment when (every route version), joined with who moved the pointer. */
    public record TimelineView(String deployment, List<TimelineEntry> routes, List<AuditTrail.Entry> audit) {
    }

    public record ServingView(String deployment, Instant at, LineageQueries.RouteVersion route) {
    }

    /** A parameter that is not what it should be: the 400 names it. */
    private static final class BadParameter extends RuntimeException {
        final String field;

        BadParameter(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    @GET
    @Path("/lineage/releases/{digest}")
    public Response release(@PathParam("digest") String digest, @jakarta.ws.rs.core.Context UriInfo uri) {
        return lineage.build(digest)
                .map(b -> Response.ok(b).build())
                .orElseGet(() -> notFound("no release " + digest + " seen", uri));
    }

    @GET
    @Path("/lineage/runs/{runId}")
    public Response run(@PathParam("runId") String runId, @jakarta.ws.rs.core.Context UriInfo uri) {
        return answer(uri, () -> store.queries().run(runId)
                .map(r -> Response.ok(r).build())
                .orElseGet(() -> notFound("no run " + runId + " recorded", uri)));
    }

    @GET
    @Path("/lineage/releases/{digest}/runs")
    public Response releaseRuns(@PathParam("digest") String digest, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("limit") Integer limit, @QueryParam("after") String after,
            @jakarta.ws.rs.core.Context UriInfo uri) {
        return answer(uri, () -> {
            LineageQueries queries = store.queries();
            if (queries.release(digest).isEmpty() && lineage.build(digest).isEmpty()
                    && !queries.anyRun(Index.RELEASE, digest)) {
                return notFound("no release " + digest + " seen and no run names it", uri);
            }
            return page(queries, Index.RELEASE, digest, from, to, limit, after);
        });
    }

    /** Runs by what they saw or which task they were: exactly one of {@code inputDigest} and {@code taskKey}. */
    @GET
    @Path("/lineage/runs")
    public Response search(@QueryParam("inputDigest") String inputDigest, @QueryParam("taskKey") String taskKey,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("limit") Integer limit,
            @QueryParam("after") String after, @jakarta.ws.rs.core.Context UriInfo uri) {
        return answer(uri, () -> {
            if ((inputDigest == null) == (taskKey == null)) {
                throw new BadParameter(inputDigest == null ? "inputDigest" : "taskKey",
                        "give exactly one of inputDigest and taskKey");
            }
            return inputDigest != null
                    ? page(store.queries(), Index.INPUT, inputDigest, from, to, limit, after)
                    : page(store.queries(), Index.TASK, taskKey, from, to, limit, after);
        });
    }

    @GET
    @Path("/lineage/deployments/{agent}/{env}/timeline")
    public Response timeline(@PathParam("agent") String agent, @PathParam("env") String env,
            @jakarta.ws.rs.core.Context UriInfo uri) {
        String deployment = agent + "/" + env;
        return answer(uri, () -> {
            List<TimelineEntry> routes = store.queries().routeHistory(deployment).stream()
                    .map(v -> new TimelineEntry(v, audit.trail().causeOf(deployment, v.lastCommandId(), v.rolloutId())
                            .orElse(null)))
                    .toList();
            return Response.ok(new TimelineView(deployment, routes, audit.trail().of(deployment))).build();
        });
    }

    /** Which release was serving the deployment at {@code at} (an ISO-8601 instant). */
    @GET
    @Path("/lineage/deployments/{agent}/{env}/serving")
    public Response serving(@PathParam("agent") String agent, @PathParam("env") String env,
            @QueryParam("at") String at, @jakarta.ws.rs.core.Context UriInfo uri) {
        String deployment = agent + "/" + env;
        return answer(uri, () -> {
            if (at == null) {
                throw new BadParameter("at", "say when: at=<ISO-8601 instant>, e.g. 2026-12-08T10:00:00Z");
            }
            Instant when = instant("at", at, null);
            return store.queries().servingAt(deployment, when)
                    .map(v -> Response.ok(new ServingView(deployment, when, v)).build())
                    .orElseGet(() -> notFound(deployment + " had no route at " + when, uri));
        });
    }

    /** Runs that do not trace back to a release their route could have picked, newest first. */
    @GET
    @Path("/lineage/untraceable")
    public Response untraceable(@QueryParam("limit") Integer limit, @jakarta.ws.rs.core.Context UriInfo uri) {
        return answer(uri, () -> Response.ok(store.queries().flagged(limit(limit))).build());
    }

    @GET
    @Path("/audit/{agent}/{env}")
    public AuditView audit(@PathParam("agent") String agent, @PathParam("env") String env) {
        String deployment = agent + "/" + env;
        return new AuditView(deployment, audit.trail().stable(deployment).orElse(null), audit.trail().of(deployment));
    }

    private static Response page(LineageQueries queries, Index index, String value, String from, String to,
            Integer limit, String after) {
        Instant start = instant("from", from, Instant.EPOCH);
        Instant end = instant("to", to, Instant.now().plusSeconds(86_400));
        if (start.isAfter(end)) {
            throw new BadParameter("from", "from (" + start + ") is after to (" + end + ")");
        }
        try {
            return Response.ok(queries.runs(index, value, start, end, limit(limit), after)).build();
        } catch (IllegalArgumentException e) {
            throw new BadParameter("after", e.getMessage());
        }
    }

    private static int limit(Integer limit) {
        if (limit == null) {
            return PAGE;
        }
        if (limit < 1 || limit > LineageQueries.MAX_PAGE) {
            throw new BadParameter("limit", "limit must be between 1 and " + LineageQueries.MAX_PAGE + ", got " + limit);
        }
        return limit;
    }

    private static Instant instant(String field, String value, Instant otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadParameter(field, field + " must be an ISO-8601 instant such as 2026-12-08T10:00:00Z, got "
                    + value);
        }
    }

    private static Response answer(UriInfo uri, java.util.function.Supplier<Response> query) {
        try {
            return query.get();
        } catch (BadParameter e) {
            return problem(400, "invalid-query", "Invalid query", e.getMessage(), uri,
                    List.of(new Problem.Violation(e.field, e.getMessage())));
        } catch (LineageStore.Unavailable e) {
            return problem(503, "lineage-unavailable", "Lineage store unavailable", e.getMessage()
                    + "; try again shortly", uri, List.of());
        }
    }

    private static Response notFound(String detail, UriInfo uri) {
        return problem(404, "not-found", "Not found", detail, uri, List.of());
    }

    private static Response problem(int status, String type, String title, String detail, UriInfo uri,
            List<Problem.Violation> violations) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(type, title, status, detail, uri.getRequestUri().getRawPath(), violations)).build();
    }
}
