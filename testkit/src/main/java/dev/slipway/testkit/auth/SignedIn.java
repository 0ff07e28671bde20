package dev.slipway.testkit.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.slipway.testkit.TestTokens;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;

/**
 * Every REST Assured request of the annotated test class carries a valid token for {@link #value} holding every role:
 * for tests of what a service does, not of who may ask (the services' {@code EndpointAuthTest}s are about that).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SignedIn.Extension.class)
public @interface SignedIn {

    /** Who the requests are from: the actor the service records. */
    String value();

    /**
     * Adds a filter that sets the header on each request as it is sent (a request specification would capture the
     * port before Quarkus sets it), and takes it away after each test.
     */
    final class Extension implements BeforeEachCallback, AfterEachCallback {

        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SignedIn.class);

        @Override
        public void beforeEach(ExtensionContext context) {
            String bearer = "Bearer " + TestTokens.everyone(context.getRequiredTestClass().getAnnotation(SignedIn.class).value());
            java.util.List<Filter> before = java.util.List.copyOf(RestAssured.filters());
            context.getStore(NAMESPACE).put("filters", before);
            Filter signIn = (request, response, next) -> {
                if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                    request.header("Authorization", bearer);
                }
                return next.next(request, response);
            };
            RestAssured.filters(signIn);
        }

        @Override
        @SuppressWarnings("unchecked")
        public void afterEach(ExtensionContext context) {
            RestAssured.replaceFiltersWith((java.util.List<Filter>) context.getStore(NAMESPACE).get("filters"));
        }
    }
}
