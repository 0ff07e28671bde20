package dev.slipway.cli.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * The local stack's token-signing key pair ({@code .slipway/auth/private-key.pem}, {@code public-key.pem}): created by
 * {@code bin/slipway up} when missing, the public half given to every service, the private half used only to mint
 * development tokens ({@code slipway login}, the builder's and the workers' service tokens). RS256, issuer
 * {@value #ISSUER}, as the services verify. Production has no such file: tokens come from the identity provider.
 */
public final class LocalKeys {

    public static final String ISSUER = "slipway";
    /** Every role a Slipway token may carry. */
    public static final List<String> ROLES = List.of("author", "approver", "model-governor", "operator", "viewer", "client");

    private final Path dir;

    public LocalKeys(Path dir) {
        this.dir = dir;
    }

    public Path privateKey() {
        return dir.resolve("private-key.pem");
    }

    public Path publicKey() {
        return dir.resolve("public-key.pem");
    }

    public boolean exist() {
        return Files.isRegularFile(privateKey()) && Files.isRegularFile(publicKey());
    }

    /** Creates the pair when it is missing; returns whether it did. The private key file is readable by its owner only. */
    public boolean ensure() {
        if (exist()) {
            return false;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(dir);
            writePrivate(privateKey(), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(publicKey(), pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
            return true;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the local signing key", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the local signing key to " + dir, e);
        }
    }

    /** A token for {@code name} holding {@code roles}, valid for {@code lifetime}. */
    public String mint(String name, Set<String> roles, Duration lifetime) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(name);
        claims.setClaim("upn", name);
        claims.setStringListClaim("groups", List.copyOf(new TreeSet<>(roles)));
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromMilliseconds(Instant.now().plus(lifetime).toEpochMilli()));
        claims.setGeneratedJwtId();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(loadPrivateKey());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a token with " + privateKey(), e);
        }
    }

    /** Mints a token into {@code file}, readable by its owner only. */
    public Path mintInto(Path file, String name, Set<String> roles, Duration lifetime) {
        try {
            Files.createDirectories(file.getParent());
            writePrivate(file, mint(name, roles, lifetime));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the token to " + file, e);
        }
    }

    private PrivateKey loadPrivateKey() {
        try {
            String pem = Files.readString(privateKey(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the local signing key " + privateKey(), e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the local signing key " + privateKey() + " does not load", e);
        }
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
