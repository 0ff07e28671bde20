package dev.slipway.service;

import java.util.Set;

import dev.slipway.events.ReleaseBuilt;
import dev.slipway.release.Release;
import dev.slipway.release.ReleaseSignature;
import dev.slipway.release.SignatureVerifier;

/**
 * The check every consumer of {@code slipway.releases} makes before acting on a release: its content recomputes to
 * its digest, its Ed25519 signature over that digest is valid, and the signing key is trusted. An empty set of
 * trusted keys trusts any valid signature (local stacks); production configures the builders' key ids.
 */
public final class ReleaseTrust {

    private final Set<String> trustedKeyIds;

    public ReleaseTrust(Set<String> trustedKeyIds) {
        this.trustedKeyIds = Set.copyOf(trustedKeyIds);
    }

    public record Verification(String digest, boolean contentMatchesDigest, boolean signatureValid, String keyId,
            boolean trusted) {
        public boolean verified() {
            return contentMatchesDigest && signatureValid && trusted;
        }
    }

    public Verification verify(ReleaseBuilt release) {
        boolean contentMatches;
        try {
            contentMatches = SignatureVerifier.digestMatches(Release.fromCanonicalJson(release.getContent()), release.getDigest());
        } catch (RuntimeException e) {
            contentMatches = false;
        }
        var s = release.getSignature();
        boolean signatureValid = SignatureVerifier.verify(release.getDigest(),
                new ReleaseSignature(s.getAlgorithm(), s.getKeyId(), s.getPublicKey(), s.getValue()));
        boolean trusted = trustedKeyIds.isEmpty() || trustedKeyIds.contains(s.getKeyId());
        return new Verification(release.getDigest(), contentMatches, signatureValid, s.getKeyId(), trusted);
    }
}
