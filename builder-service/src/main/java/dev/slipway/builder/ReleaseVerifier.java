package dev.slipway.builder;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.slipway.events.ReleaseBuilt;
import dev.slipway.release.ReleaseSigner;
import dev.slipway.service.ReleaseTrust;

/**
 * Checks a stored release the way a worker or router must before acting on it: the content recomputes to the digest,
 * the signature over the digest is valid, and the signing key is this builder's own or one it was told to trust.
 */
@ApplicationScoped
public class ReleaseVerifier {

    private final ReleaseTrust trust;

    public ReleaseVerifier(ReleaseSigner signer,
            @ConfigProperty(name = "slipway.signing.trusted-key-ids") Optional<List<String>> extraTrusted) {
        Set<String> trusted = new HashSet<>();
        trusted.add(signer.keyId());
        extraTrusted.ifPresent(trusted::addAll);
        this.trust = new ReleaseTrust(trusted);
    }

    public record Verification(String digest, boolean contentMatchesDigest, boolean signatureValid, String keyId,
            boolean trusted, boolean verified) {
    }

    public Verification verify(ReleaseBuilt event) {
        ReleaseTrust.Verification v = trust.verify(event);
        return new Verification(v.digest(), v.contentMatchesDigest(), v.signatureValid(), v.keyId(), v.trusted(),
                v.verified());
    }
}
