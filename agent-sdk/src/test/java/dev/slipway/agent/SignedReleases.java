package dev.slipway.agent;

import java.nio.file.Path;
import java.util.Set;

import dev.slipway.release.Release;
import dev.slipway.release.ReleaseLoader;
import dev.slipway.release.ReleaseSignature;
import dev.slipway.release.ReleaseSigner;
import dev.slipway.release.ReleaseSource;

/** The sample release, signed by a builder key the tests trust. */
final class SignedReleases {

    static final ReleaseSigner BUILDER = ReleaseSigner.generate();
    static final Release SAMPLE = ReleaseLoader.load(ReleaseSource.directory(Path.of("..", "examples", "support-triage")))
            .release();
    static final ReleaseSignature SIGNATURE = BUILDER.sign(SAMPLE.digest());

    private SignedReleases() {
    }

    static Set<String> trusted() {
        return Set.of(BUILDER.keyId());
    }

    static ReleaseFetcher serving(String content, ReleaseSignature signature) {
        return digest -> new ReleaseFetcher.Fetched(content, signature);
    }

    static PinnedRelease pinned() {
        return PinnedRelease.fetch(SAMPLE.digest(), serving(SAMPLE.toCanonicalJson(), SIGNATURE), trusted());
    }
}
