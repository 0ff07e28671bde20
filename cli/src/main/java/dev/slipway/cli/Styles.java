package dev.slipway.cli;

/** ANSI colours, or plain text when colours are off (not a terminal, {@code --no-color}, {@code NO_COLOR}). */
public final class Styles {

    private static final String RESET = "\u001B[0m";

    private final boolean enabled;

    public Styles(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    public String red(String s) {
        return wrap("\u001B[31m", s);
    }

    public String green(String s) {
        return wrap("\u001B[32m", s);
    }

    public String yellow(String s) {
        return wrap("\u001B[33m", s);
    }

    public String cyan(String s) {
        return wrap("\u001B[36m", s);
    }

    public String bold(String s) {
        return wrap("\u001B[1m", s);
    }

    public String dim(String s) {
        return wrap("\u001B[2m", s);
    }

    private String wrap(String code, String s) {
        return enabled && !s.isEmpty() ? code + s + RESET : s;
    }
}
