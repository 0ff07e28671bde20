package dev.slipway.cli.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A release named by its digest ({@code sha256:<64 hex>}) or by a label ({@code <agent>@<label>}). */
public record ReleaseRef(String value) {

    static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    /** Agent names are lowercase DNS labels (as release-core validates them); labels a little freer. */
    static final Pattern AGENT_AT_LABEL =
            Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?@[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public static ReleaseRef parse(String s) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("a release reference is required: sha256:<64 hex> or <agent>@<label>");
        }
        String v = s.trim();
        if (v.regionMatches(true, 0, "sha256:", 0, 7)) {
            String lower = v.toLowerCase(Locale.ROOT);
            if (DIGEST.matcher(lower).matches()) {
                return new ReleaseRef(lower);
            }
            throw new IllegalArgumentException("'" + s + "' is not a release digest: expected sha256: followed by "
                    + "64 hex digits (" + (v.length() - 7) + " given)");
        }
        if (AGENT_AT_LABEL.matcher(v).matches()) {
            return new ReleaseRef(v);
        }
        throw new IllegalArgumentException("'" + s + "' is not a release reference: expected sha256:<64 hex> or "
                + "<agent>@<label>, e.g. support-triage@prod");
    }

    public boolean isDigest() {
        return value.startsWith("sha256:");
    }

    /** The reference as one URL path segment. */
    public String pathSegment() {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%40", "@").replace("%3A", ":");
    }

    @Override
    public String toString() {
        return value;
    }

    /** picocli: a bad reference is a usage error naming the argument. */
    public static final class Converter implements ITypeConverter<ReleaseRef> {
        @Override
        public ReleaseRef convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
