package dev.slipway.builder;

import java.util.regex.Pattern;

/**
 * How a user names a release: its digest ({@code sha256:<64 hex>}) or a human label bound to it
 * ({@code support-triage@v2.3}).
 */
public sealed interface ReleaseRef {

    Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    Pattern AGENT = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    record Digest(String digest) implements ReleaseRef {
    }

    record Label(String agent, String label) implements ReleaseRef {
        public String key() {
            return agent + "@" + label;
        }
    }

    /** Parses a reference, or throws {@link IllegalArgumentException} saying what a valid one looks like. */
    static ReleaseRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a release reference is required: sha256:<64 hex> or <agent>@<label>");
        }
        if (DIGEST.matcher(text).matches()) {
            return new Digest(text);
        }
        int at = text.indexOf('@');
        if (at > 0 && AGENT.matcher(text.substring(0, at)).matches() && LABEL.matcher(text.substring(at + 1)).matches()) {
            return new Label(text.substring(0, at), text.substring(at + 1));
        }
        throw new IllegalArgumentException("'" + text + "' is neither a digest (sha256:<64 lowercase hex>) nor <agent>@<label>");
    }

    static void requireValidLabel(String label) {
        if (!LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("label '" + label + "' must match " + LABEL.pattern());
        }
    }
}
