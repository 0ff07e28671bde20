package dev.slipway.release;

/**
 * A signature over a release digest.
 *
 * @param algorithm always {@code Ed25519}
 * @param keyId     {@code sha256:} of the signer's X.509 (SubjectPublicKeyInfo) public key bytes
 * @param publicKey the X.509 public key, base64
 * @param value     the Ed25519 signature over the UTF-8 bytes of the digest string, base64
 */
public record ReleaseSignature(String algorithm, String keyId, String publicKey, String value) {

    public static final String ED25519 = "Ed25519";
}
