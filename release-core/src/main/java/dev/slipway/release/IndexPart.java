package dev.slipway.release;

/**
 * The retrieval index the agent reads: a corpus, the exact build of it, and the embedding model that built it.
 *
 * @param corpus         corpus name, e.g. {@code support-kb}
 * @param buildId        the index builder's id for this build, e.g. {@code kb-2025-06-02.3}
 * @param buildDigest    {@code sha256:} digest of the built index artefact
 * @param embeddingModel {@code <model>@<YYYY-MM-DD>}, e.g. {@code text-embedding-3-large@2024-01-25}
 */
public record IndexPart(String corpus, String buildId, String buildDigest, String embeddingModel) {
}
