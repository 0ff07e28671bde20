package dev.slipway.router;

import dev.slipway.testkit.SlipwayStackTestResource;
import dev.slipway.testkit.auth.EndpointAuthContract;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Every endpoint of this service refuses missing, forged, expired and wrong-role tokens (see the contract). */
@QuarkusTest
@WithTestResource(SlipwayStackTestResource.class)
class EndpointAuthTest extends EndpointAuthContract {

    @Override
    protected String knownEndpoint() {
        return "POST /api/v1/deployments/auth-probe/prod/rollouts";
    }
}
