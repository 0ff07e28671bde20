package dev.slipway.release;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The five parts of an agent release. Each has its own digest, so a diff names exactly which part changed. */
public enum Part {
    CODE, MODEL, PROMPTS, TOOLS, INDEX;

    /** The lowercase key used in JSON documents and manifests: {@code code}, {@code model}, ... */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Part fromKey(String key) {
        for (Part part : values()) {
            if (part.key().equals(key) || part.name().equals(key)) {
                return part;
            }
        }
        throw new IllegalArgumentException("unknown release part: " + key);
    }
}
