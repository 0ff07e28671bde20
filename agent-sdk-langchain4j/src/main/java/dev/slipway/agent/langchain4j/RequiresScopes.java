package dev.slipway.agent.langchain4j;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission scopes a call of this {@code @Tool} method needs, e.g. {@code kb:read}: the guard runs it only when the
 * release grants the tool every one of them. A tool method without it needs no scope.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresScopes {

    String[] value();
}
