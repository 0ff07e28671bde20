package dev.slipway.cli.rollout;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations on the command line: ISO-8601 ({@code PT5M}) or short ({@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h30m}, {@code 1d}). */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(?:\\d+(?:ms|d|h|m|s))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");

    private Durations() {
    }

    public static Duration parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("p")) {
            try {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(s);
            }
        }
        if (!SHORT.matcher(v).matches()) {
            throw invalid(s);
        }
        Duration d = Duration.ZERO;
        Matcher m = PART.matcher(v);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        return d;
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("'" + s + "' is not a duration: expected e.g. 30s, 5m, 1h30m or PT5M");
    }

    /** Short and readable: {@code 5m}, {@code 1h30m}, {@code 2s}, {@code 1.5s}, {@code 250ms}. */
    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000 && ms % 1000 != 0) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = d.toSeconds();
        StringBuilder b = new StringBuilder();
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        if (h > 0) {
            b.append(h).append('h');
        }
        if (m > 0) {
            b.append(m).append('m');
        }
        if (sec > 0 || b.length() == 0) {
            b.append(sec).append('s');
        }
        return b.toString();
    }

    /** picocli: a malformed duration is a usage error naming the option. */
    public static final class Converter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
