package dev.slipway.cli.client;

import java.net.URI;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The router's deployment API ({@code /api/v1/deployments/{agent}/{env}/…}): rollouts, their status and commands. */
public final class RouterClient {

    private final JsonApi api;

    public RouterClient(URI base, Duration connectTimeout, Duration timeout, Credentials credentials) {
        this.api = new JsonApi("router", "--router-url / SLIPWAY_ROUTER_URL at a router", base, connectTimeout, timeout,
                credentials);
    }

    public URI base() {
        return api.base();
    }

    /** {@code POST …/rollouts}: 202 {@code {rolloutId, deployment, candidate, baseline, firstDeploy}}. */
    public JsonApi.Response startRollout(DeploymentId deployment, JsonNode request) {
        return api.post(deployment.apiPath() + "/rollouts", request);
    }

    /** {@code GET …/rollout}: {@code {route, rollout, window, lastCommand}}. */
    public JsonApi.Response status(DeploymentId deployment) {
        return api.get(deployment.apiPath() + "/rollout");
    }

    /**
     * {@code POST …/rollback}, {@code …/pause} or {@code …/resume} with {@code {"reason": …}}: 202
     * {@code {commandId, deployment}}.
     */
    public JsonApi.Response command(DeploymentId deployment, OperatorCommand command, String reason) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (reason == null) {
            body.putNull("reason");
        } else {
            body.put("reason", reason);
        }
        return api.post(deployment.apiPath() + "/" + command.path(), body);
    }

    /** What an operator may tell the router about a deployment by hand. */
    public enum OperatorCommand {
        ROLLBACK("rollback"), PAUSE("pause"), RESUME("resume");

        private final String path;

        OperatorCommand(String path) {
            this.path = path;
        }

        public String path() {
            return path;
        }
    }
}
