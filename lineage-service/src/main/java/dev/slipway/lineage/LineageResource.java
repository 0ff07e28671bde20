package dev.slipway.lineage;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.slipway.service.auth.Roles;
import dev.slipway.service.Problem;

/** Lineage queries. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.AUTHOR, Roles.APPROVER, Roles.MODEL_GOVERNOR, Roles.OPERATOR})
public class LineageResource {

    private final ReleaseLineage lineage;
    private final AuditLog audit;

    public LineageResource(ReleaseLineage lineage, AuditLog audit) {
        this.lineage = lineage;
        this.audit = audit;
    }

    /** A deployment's pointer history: what was stable when, who moved it, through which gate. */
    public record AuditView(String deployment, String stable, java.util.List<AuditTrail.Entry> entries) {
    }

    @GET
    @Path("/lineage/releases/{digest}")
    public Response release(@PathParam("digest") String digest) {
        return lineage.build(digest)
                .map(b -> Response.ok(b).build())
                .orElseGet(() -> Response.status(404).type(Problem.MEDIA_TYPE)
                        .entity(Problem.of("not-found", "Not found", 404, "no release " + digest + " seen",
                                "/api/v1/lineage/releases/" + digest, java.util.List.of()))
                        .build());
    }

    @GET
    @Path("/audit/{agent}/{env}")
    public AuditView audit(@PathParam("agent") String agent, @PathParam("env") String env) {
        String deployment = agent + "/" + env;
        return new AuditView(deployment, audit.trail().stable(deployment).orElse(null), audit.trail().of(deployment));
    }
}
