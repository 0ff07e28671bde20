package dev.slipway.builder.promotion;

import java.util.Objects;
import java.util.Set;

/** Who is asking, as their verified token says: never a header or a body field. */
public record Caller(String name, Set<String> roles) {

    public Caller {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
    }
}
