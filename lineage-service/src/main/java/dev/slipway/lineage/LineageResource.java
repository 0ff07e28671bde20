package dev.slipway.lineage;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Lineage queries. */
@Path("/api/v1/lineage")
@Produces(MediaType.APPLICATION_JSON)
public class LineageResource {

    private final ReleaseLineage lineage;

    public LineageResource(ReleaseLineage lineage) {
        this.lineage = lineage;
    }

    public record Problem(String type, String title, int status, String detail, String instance) {
    }

    @GET
    @Path("/releases/{digest}")
    public Response release(@PathParam("digest") String digest) {
        return lineage.build(digest)
                .map(b -> Response.ok(b).build())
                .orElseGet(() -> Response.status(404).type("application/problem+json")
                        .entity(new Problem("https://slipway.dev/problems/not-found", "Not found", 404,
                                "no release " + digest + " seen", "/api/v1/lineage/releases/" + digest))
                        .build());
    }
}
