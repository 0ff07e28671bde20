package dev.slipway.release;

/**
 * Size limits of a release, applied when it is loaded (by the CLI before anything is sent, by the builder before any
 * work is done). They are one design with the request-body cap of the builder and the record size of
 * {@code slipway.releases}: a release within these limits always fits both (see docs/release-manifest.md, "Size
 * limits"), so a release the loader accepts is never refused later for its size.
 *
 * @param maxPromptBytes  largest prompt text, in UTF-8 bytes
 * @param maxFileBytes    largest manifest, tool file, eval suite or eval results file
 * @param maxReleaseBytes largest release: the manifest and every file it references, together
 */
public record ReleaseLimits(long maxPromptBytes, long maxFileBytes, long maxReleaseBytes) {

    private static final long MIB = 1024 * 1024;

    /** 1 MiB per prompt, 8 MiB per structured file, 16 MiB per release. */
    public static final ReleaseLimits DEFAULT = new ReleaseLimits(MIB, 8 * MIB, 16 * MIB);

    public ReleaseLimits {
        if (maxPromptBytes <= 0 || maxFileBytes <= 0 || maxReleaseBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (maxFileBytes > Integer.MAX_VALUE - 8 || maxPromptBytes > Integer.MAX_VALUE - 8
                || maxReleaseBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("limits must fit in a Java array");
        }
    }

    public ReleaseLimits withMaxPromptBytes(long bytes) {
        return new ReleaseLimits(bytes, maxFileBytes, maxReleaseBytes);
    }

    public ReleaseLimits withMaxFileBytes(long bytes) {
        return new ReleaseLimits(maxPromptBytes, bytes, maxReleaseBytes);
    }

    public ReleaseLimits withMaxReleaseBytes(long bytes) {
        return new ReleaseLimits(maxPromptBytes, maxFileBytes, bytes);
    }

    /**
     * The JSON body that carries a release of {@link #maxReleaseBytes()} to the builder: texts grow when JSON-escaped
     * (quotes, backslashes, tabs, new lines), so the body may be twice the release.
     */
    public long maxBundleBodyBytes() {
        return 2 * maxReleaseBytes;
    }

    /** {@code 1048576} as "1 MiB", {@code 1500} as "1500 bytes": limits read as people write them. */
    public static String inWords(long bytes) {
        if (bytes >= MIB && bytes % MIB == 0) {
            return bytes / MIB + " MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " bytes";
    }
}
