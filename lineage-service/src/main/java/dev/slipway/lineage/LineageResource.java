package dev.slipway.lineage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.slipway.service.Problem;

/** Lineage queries. */
@Path("/api/v1/lineage")
@Produces(MediaType.APPLICATION_JSON)
public class LineageResource {

    private final ReleaseLineage lineage;

    public LineageResource(ReleaseLineage lineage) {
        this.lineage = lineage;
    }

    @GET
    @Path("/releases/{digest}")
    public Response release(@PathParam("digest") String digest) {
        return lineage.build(digest)
                .map(b -> Response.ok(b).build())
                .orElseGet(() -> Response.status(404).type(Problem.MEDIA_TYPE)
                        .entity(Problem.of("not-found", "Not found", 404, "no release " + digest + " seen",
                                "/api/v1/lineage/releases/" + digest, java.util.List.of()))
                        .build());
    }
}
