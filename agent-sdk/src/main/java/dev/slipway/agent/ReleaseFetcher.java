package dev.slipway.agent;

import dev.slipway.release.ReleaseSignature;

/** Where a worker gets the release it is pinned to: the builder's API, or anything else that serves the same two things. */
public interface ReleaseFetcher {

    /**
     * The release's full content (canonical JSON) and the signature over its digest, as stored; nothing is verified
     * here — {@link PinnedRelease} does that.
     *
     * @throws ReleaseRefusedException when there is no such release, or it cannot be fetched
     */
    Fetched fetch(String digest);

    /** What was fetched. {@code signature} is null for an unsigned release (refused by {@link PinnedRelease}). */
    record Fetched(String content, ReleaseSignature signature) {
    }
}
