package dev.slipway.cli;

/** {@code --output}: text for people, json for scripts. */
public enum OutputFormat {
    text, json
}
