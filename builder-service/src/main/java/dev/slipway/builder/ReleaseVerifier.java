package dev.slipway.builder;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.slipway.events.ReleaseBuilt;
import dev.slipway.release.Release;
import dev.slipway.release.ReleaseSigner;
import dev.slipway.release.ReleaseValidationException;
import dev.slipway.release.SignatureVerifier;

/**
 * Checks a stored release the way a worker or router must before acting on it: the content recomputes to the digest,
 * the signature over the digest is valid, and the signing key is one this builder trusts.
 */
@ApplicationScoped
public class ReleaseVerifier {

    private final Set<String> trustedKeyIds = new HashSet<>();

    public ReleaseVerifier(ReleaseSigner signer,
            @ConfigProperty(name = "slipway.signing.trusted-key-ids") Optional<List<String>> extraTrusted) {
        trustedKeyIds.add(signer.keyId());
        extraTrusted.ifPresent(trustedKeyIds::addAll);
    }

    public record Verification(String digest, boolean contentMatchesDigest, boolean signatureValid, String keyId,
            boolean trusted, boolean verified) {
    }

    public Verification verify(ReleaseBuilt event) {
        boolean contentMatches;
        try {
            contentMatches = Release.fromCanonicalJson(event.getContent()).digest().equals(event.getDigest());
        } catch (ReleaseValidationException | IllegalArgumentException e) {
            contentMatches = false;
        }
        boolean signatureValid = SignatureVerifier.verify(event.getDigest(), ReleaseEvents.signatureOf(event));
        String keyId = event.getSignature().getKeyId();
        boolean trusted = trustedKeyIds.contains(keyId);
        return new Verification(event.getDigest(), contentMatches, signatureValid, keyId, trusted,
                contentMatches && signatureValid && trusted);
    }
}
