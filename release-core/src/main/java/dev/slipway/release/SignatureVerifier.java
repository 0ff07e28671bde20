package dev.slipway.release;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/** Checks release signatures and digests. Every check answers true or false; malformed input is simply false. */
public final class SignatureVerifier {

    private SignatureVerifier() {
    }

    /**
     * True when {@code signature} is a valid Ed25519 signature over {@code digest} by the public key it carries, and
     * its key id is the {@code sha256:} of that key. This proves integrity, not trust: see
     * {@link #verify(String, ReleaseSignature, Set)}.
     */
    public static boolean verify(String digest, ReleaseSignature signature) {
        try {
            if (!Digests.isSha256(digest) || signature == null || !ReleaseSignature.ED25519.equals(signature.algorithm())
                    || signature.publicKey() == null || signature.value() == null) {
                return false;
            }
            byte[] keyBytes = Base64.getDecoder().decode(signature.publicKey());
            if (!Digests.sha256(keyBytes).equals(signature.keyId())) {
                return false;
            }
            PublicKey key = KeyFactory.getInstance(ReleaseSignature.ED25519).generatePublic(new X509EncodedKeySpec(keyBytes));
            Signature verifier = Signature.getInstance(ReleaseSignature.ED25519);
            verifier.initVerify(key);
            verifier.update(digest.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signature.value()));
        } catch (Exception malformed) {
            return false;
        }
    }

    /** {@link #verify(String, ReleaseSignature)}, and the signing key is one of {@code trustedKeyIds}. */
    public static boolean verify(String digest, ReleaseSignature signature, Set<String> trustedKeyIds) {
        return signature != null && trustedKeyIds.contains(signature.keyId()) && verify(digest, signature);
    }

    /** True when the release's digest, recomputed from its content, is {@code claimedDigest}. */
    public static boolean digestMatches(Release release, String claimedDigest) {
        return release != null && release.digest().equals(claimedDigest);
    }

    /**
     * What workers and routers check before acting on a release: its content recomputes to the claimed digest, and
     * the claimed digest carries a valid signature by a trusted key.
     */
    public static boolean verifyRelease(Release release, String claimedDigest, ReleaseSignature signature,
                                        Set<String> trustedKeyIds) {
        return digestMatches(release, claimedDigest) && verify(claimedDigest, signature, trustedKeyIds);
    }
}
