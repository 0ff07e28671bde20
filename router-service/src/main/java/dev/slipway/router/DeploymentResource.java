package dev.slipway.router;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.slipway.events.Route;

/** Route look-ups. Commands (rollouts, rollback, pause) arrive with the canary issue. */
@Path("/api/v1/deployments")
@Produces(MediaType.APPLICATION_JSON)
public class DeploymentResource {

    private final RouteTable routes;

    public DeploymentResource(RouteTable routes) {
        this.routes = routes;
    }

    public record RouteView(String deployment, String stable, String canary, int canaryWeightPercent, String lastGood,
            long epoch, String state) {
        static RouteView of(Route r) {
            return new RouteView(r.getDeployment(), r.getStable(), r.getCanary(), r.getCanaryWeightPercent(),
                    r.getLastGood(), r.getEpoch(), r.getState().name());
        }
    }

    @GET
    public List<RouteView> list() {
        return routes.all().stream().map(RouteView::of).toList();
    }

    @GET
    @Path("/{agent}/{env}/route")
    public RouteView route(@PathParam("agent") String agent, @PathParam("env") String env) {
        String deployment = agent + "/" + env;
        return routes.route(deployment).map(RouteView::of)
                .orElseThrow(() -> new NotFoundException("no route for deployment " + deployment));
    }

    public record Problem(String type, String title, int status, String detail, String instance) {
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, jakarta.ws.rs.core.UriInfo uri) {
        return Response.status(404).type("application/problem+json")
                .entity(new Problem("https://slipway.dev/problems/not-found", "Not found", 404, e.getMessage(),
                        "/" + uri.getPath().replaceFirst("^/", "")))
                .build();
    }
}
