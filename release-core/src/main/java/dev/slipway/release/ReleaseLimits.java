package dev.slipway.release;

/**
 * Size limits applied when a release is loaded or accepted.
 *
 * @param maxPromptBytes largest prompt text, in UTF-8 bytes
 * @param maxFileBytes   largest manifest, tool file, eval suite or eval results file
 */
public record ReleaseLimits(long maxPromptBytes, long maxFileBytes) {

    /** 1 MiB per prompt, 8 MiB per structured file. */
    public static final ReleaseLimits DEFAULT = new ReleaseLimits(1024 * 1024, 8 * 1024 * 1024);

    public ReleaseLimits {
        if (maxPromptBytes <= 0 || maxFileBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (maxFileBytes > Integer.MAX_VALUE - 8 || maxPromptBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("limits must fit in a Java array");
        }
    }

    public ReleaseLimits withMaxPromptBytes(long bytes) {
        return new ReleaseLimits(bytes, maxFileBytes);
    }

    public ReleaseLimits withMaxFileBytes(long bytes) {
        return new ReleaseLimits(maxPromptBytes, bytes);
    }
}
