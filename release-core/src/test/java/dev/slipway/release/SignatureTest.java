package dev.slipway.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignatureTest {

    private static final ReleaseSigner SIGNER = ReleaseSigner.generate();
    private static final Release RELEASE = Fixtures.release();

    @Test
    void aSignatureVerifies() {
        ReleaseSignature signature = SIGNER.sign(RELEASE.digest());
        assertThat(signature.algorithm()).isEqualTo("Ed25519");
        assertThat(signature.keyId()).isEqualTo(SIGNER.keyId()).matches("sha256:[0-9a-f]{64}");
        assertThat(signature.publicKey()).isEqualTo(SIGNER.publicKeyBase64());
        assertThat(SignatureVerifier.verify(RELEASE.digest(), signature)).isTrue();
    }

    @Test
    void theKeyIdIsTheSha256OfTheX509PublicKey() {
        assertThat(SIGNER.keyId()).isEqualTo(Digests.sha256(Base64.getDecoder().decode(SIGNER.publicKeyBase64())));
    }

    @Test
    void aSignatureForAnotherDigestDoesNotVerify() {
        ReleaseSignature signature = SIGNER.sign(RELEASE.digest());
        assertThat(SignatureVerifier.verify("sha256:" + "0".repeat(64), signature)).isFalse();
    }

    @Test
    void aTamperedSignatureDoesNotVerify() {
        ReleaseSignature s = SIGNER.sign(RELEASE.digest());
        byte[] value = Base64.getDecoder().decode(s.value());
        value[10] ^= 1;
        ReleaseSignature tampered = new ReleaseSignature(s.algorithm(), s.keyId(), s.publicKey(), Base64.getEncoder().encodeToString(value));
        assertThat(SignatureVerifier.verify(RELEASE.digest(), tampered)).isFalse();
    }

    @Test
    void aSignatureWhoseKeyIdDoesNotMatchItsKeyDoesNotVerify() {
        ReleaseSignature s = SIGNER.sign(RELEASE.digest());
        ReleaseSigner other = ReleaseSigner.generate();
        assertThat(SignatureVerifier.verify(RELEASE.digest(),
                new ReleaseSignature(s.algorithm(), other.keyId(), s.publicKey(), s.value()))).isFalse();
        assertThat(SignatureVerifier.verify(RELEASE.digest(),
                new ReleaseSignature(s.algorithm(), s.keyId(), other.publicKeyBase64(), s.value()))).isFalse();
    }

    @Test
    void malformedInputIsFalseNeverAnException() {
        ReleaseSignature s = SIGNER.sign(RELEASE.digest());
        assertThat(SignatureVerifier.verify(RELEASE.digest(), null)).isFalse();
        assertThat(SignatureVerifier.verify(null, s)).isFalse();
        assertThat(SignatureVerifier.verify("not-a-digest", s)).isFalse();
        assertThat(SignatureVerifier.verify(RELEASE.digest(), new ReleaseSignature("RSA", s.keyId(), s.publicKey(), s.value()))).isFalse();
        assertThat(SignatureVerifier.verify(RELEASE.digest(), new ReleaseSignature("Ed25519", s.keyId(), "%%%", s.value()))).isFalse();
        assertThat(SignatureVerifier.verify(RELEASE.digest(), new ReleaseSignature("Ed25519", s.keyId(), s.publicKey(), "!!"))).isFalse();
        assertThat(SignatureVerifier.verify(RELEASE.digest(), new ReleaseSignature("Ed25519", s.keyId(), s.publicKey(), ""))).isFalse();
        assertThat(SignatureVerifier.verify(RELEASE.digest(), new ReleaseSignature(null, null, null, null))).isFalse();
        String garbageKey = Base64.getEncoder().encodeToString(new byte[]{1, 2, 3});
        assertThat(SignatureVerifier.verify(RELEASE.digest(),
                new ReleaseSignature("Ed25519", Digests.sha256(new byte[]{1, 2, 3}), garbageKey, s.value()))).isFalse();
    }

    @Test
    void onlyTrustedKeysAreAccepted() {
        ReleaseSignature s = SIGNER.sign(RELEASE.digest());
        assertThat(SignatureVerifier.verify(RELEASE.digest(), s, Set.of(SIGNER.keyId()))).isTrue();
        assertThat(SignatureVerifier.verify(RELEASE.digest(), s, Set.of(ReleaseSigner.generate().keyId()))).isFalse();
    }

    @Test
    void aReleaseMustRecomputeToTheClaimedDigest() {
        ReleaseSignature s = SIGNER.sign(RELEASE.digest());
        Release received = Release.fromCanonicalJson(RELEASE.toCanonicalJson());
        assertThat(SignatureVerifier.digestMatches(received, RELEASE.digest())).isTrue();
        assertThat(SignatureVerifier.verifyRelease(received, RELEASE.digest(), s, Set.of(SIGNER.keyId()))).isTrue();

        Release tampered = Release.fromCanonicalJson(RELEASE.toCanonicalJson().replace("Be brief.", "Be verbose."));
        assertThat(SignatureVerifier.digestMatches(tampered, RELEASE.digest())).isFalse();
        assertThat(SignatureVerifier.verifyRelease(tampered, RELEASE.digest(), s, Set.of(SIGNER.keyId()))).isFalse();
    }

    @Test
    void signingRefusesSomethingThatIsNotADigest() {
        assertThatThrownBy(() -> SIGNER.sign("latest")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loadOrCreateWritesAnOwnerOnlyPkcs8KeyAndReadsTheSameKeyBack(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("keys/builder.pem");
        ReleaseSigner created = ReleaseSigner.loadOrCreate(keyFile);
        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        try (var files = Files.list(keyFile.getParent())) {
            assertThat(files).containsExactly(keyFile);
        }

        ReleaseSigner loaded = ReleaseSigner.loadOrCreate(keyFile);
        assertThat(loaded.keyId()).isEqualTo(created.keyId());
        assertThat(loaded.publicKeyBase64()).isEqualTo(created.publicKeyBase64());
        ReleaseSignature s = loaded.sign(RELEASE.digest());
        assertThat(SignatureVerifier.verify(RELEASE.digest(), s, Set.of(created.keyId()))).isTrue();
    }

    @Test
    void loadOrCreateRefusesAFileThatIsNotAnEd25519Key(@TempDir Path dir) throws Exception {
        Path keyFile = Files.writeString(dir.resolve("key.pem"), "hello");
        assertThatThrownBy(() -> ReleaseSigner.loadOrCreate(keyFile)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PKCS#8");
    }
}
