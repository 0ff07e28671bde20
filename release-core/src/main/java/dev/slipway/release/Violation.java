package dev.slipway.release;

/**
 * One reason a release, manifest or eval result is refused.
 *
 * @param field path of the offending field, e.g. {@code model.snapshot}, {@code tools[1].scopes},
 *              {@code prompts.system}, {@code evals.results.suiteDigest}; {@code manifest} for the file itself
 * @param message what is wrong and, where it helps, how to fix it
 */
public record Violation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
