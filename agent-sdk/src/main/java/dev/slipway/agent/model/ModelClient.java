package dev.slipway.agent.model;

/** Calls one endpoint once. Implementations classify every failure as a {@link ProviderFailure}. */
@FunctionalInterface
public interface ModelClient {

    ModelReply call(ModelEndpoint endpoint, ModelRequest request) throws ProviderFailure;
}
