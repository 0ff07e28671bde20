package dev.slipway.service;

import dev.slipway.events.ArtifactDiff;
import dev.slipway.events.PartKind;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.release.Release;
import dev.slipway.release.ReleaseDiff;

/** The exact artifact diff an alert carries: release-core's part-level diff between two published releases. */
public final class ArtifactDiffs {

    private ArtifactDiffs() {
    }

    public static ArtifactDiff between(ReleaseBuilt from, ReleaseBuilt to) {
        ReleaseDiff diff = ReleaseDiff.between(Release.fromCanonicalJson(from.getContent()),
                Release.fromCanonicalJson(to.getContent()));
        return ArtifactDiff.newBuilder()
                .setFromDigest(diff.fromDigest())
                .setToDigest(diff.toDigest())
                .setChangedParts(diff.changedParts().stream().map(p -> PartKind.valueOf(p.name())).sorted().toList())
                .setText(diff.render(false))
                .build();
    }

    /** When either release is not known here, the alert still names both digests. */
    public static ArtifactDiff digestsOnly(String fromDigest, String toDigest, String why) {
        return ArtifactDiff.newBuilder()
                .setFromDigest(fromDigest)
                .setToDigest(toDigest)
                .setChangedParts(java.util.List.of())
                .setText(why)
                .build();
    }
}
