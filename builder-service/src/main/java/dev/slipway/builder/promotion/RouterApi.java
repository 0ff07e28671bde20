package dev.slipway.builder.promotion;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The router's rollout API, as the builder calls it to complete a promotion ({@code slipway.router.url}). A refusal
 * arrives as a {@link jakarta.ws.rs.WebApplicationException} carrying the router's problem document.
 */
@RegisterRestClient(configKey = "router")
@RegisterClientHeaders(RouterCredentials.class)
@Path("/api/v1/deployments")
public interface RouterApi {

    @POST
    @Path("/{agent}/{env}/rollouts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode startRollout(@PathParam("agent") String agent, @PathParam("env") String env, ObjectNode request);
}
