package dev.slipway.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.slipway.cli.CliHarness;
import dev.slipway.cli.FakeBuilder;

/** {@code slipway login}: a token the services accept, saved for the owner only, sent by every later command. */
class LoginCommandTest {

    @TempDir
    Path home;

    @Test
    void a_login_saves_a_token_signed_by_the_local_key_naming_the_person_and_roles() throws Exception {
        LocalKeys keys = new LocalKeys(home.resolve(".slipway/auth"));
        assertThat(keys.ensure()).isTrue();
        assertThat(keys.ensure()).as("kept once made").isFalse();

        CliHarness.Result r = new CliHarness(home).run("login", "--as", "bob", "--role", "approver,viewer", "--ttl", "30m");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("logged in as bob (approver, viewer)");
        Path token = home.resolve(".slipway/auth/token");
        assertThat(Files.getPosixFilePermissions(token)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(keys.privateKey())).doesNotContain(PosixFilePermission.GROUP_READ,
                PosixFilePermission.OTHERS_READ);
        JwtClaims claims = verify(Files.readString(token), keys.publicKey());
        assertThat(claims.getSubject()).isEqualTo("bob");
        assertThat(claims.getIssuer()).isEqualTo("slipway");
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("approver", "viewer");
        assertThat(claims.getExpirationTime().getValueInMillis() - System.currentTimeMillis())
                .isBetween(25 * 60_000L, 31 * 60_000L);
    }

    @Test
    void later_commands_send_the_saved_token_and_SLIPWAY_TOKEN_wins_over_it() throws Exception {
        new LocalKeys(home.resolve(".slipway/auth")).ensure();
        try (FakeBuilder builder = new FakeBuilder()) {
            builder.answer("GET /api/v1/promotions", 200, "[]");
            CliHarness cli = new CliHarness(home).env("SLIPWAY_BUILDER_URL", builder.url());
            cli.run("login", "--as", "carol", "--role", "viewer");
            cli.run("promotions");
            String saved = Files.readString(home.resolve(".slipway/auth/token")).strip();
            assertThat(builder.requests().get(0).authorization()).isEqualTo("Bearer " + saved);

            new CliHarness(home).env("SLIPWAY_BUILDER_URL", builder.url()).env("SLIPWAY_TOKEN", "from-env").run("promotions");
            assertThat(builder.requests().get(1).authorization()).isEqualTo("Bearer from-env");
        }
    }

    @Test
    void an_unknown_role_and_a_missing_key_are_refused_saying_what_to_do() {
        CliHarness.Result noKey = new CliHarness(home).run("login", "--as", "bob", "--role", "approver");
        assertThat(noKey.exitCode()).isNotZero();
        assertThat(noKey.err()).contains("no local signing key", "bin/slipway up", "SLIPWAY_TOKEN");

        new LocalKeys(home.resolve(".slipway/auth")).ensure();
        CliHarness.Result badRole = new CliHarness(home).run("login", "--as", "bob", "--role", "admin");
        assertThat(badRole.exitCode()).isEqualTo(2);
        assertThat(badRole.err()).contains("unknown role 'admin'", "model-governor");
        assertThat(home.resolve(".slipway/auth/token")).doesNotExist();
    }

    @Test
    void a_401_says_how_to_log_in() throws Exception {
        try (FakeBuilder builder = new FakeBuilder()) {
            builder.answer("GET /api/v1/promotions", 401, "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"no bearer token\"}");
            CliHarness.Result r = new CliHarness(home).env("SLIPWAY_BUILDER_URL", builder.url()).run("promotions");
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.err()).contains("Unauthorized", "log in first: bin/slipway login --as <name> --role <role>");
        }
    }

    static JwtClaims verify(String jwt, Path publicKeyPem) throws Exception {
        String pem = Files.readString(publicKeyPem, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        var key = java.security.KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        try {
            return new JwtConsumerBuilder().setVerificationKey(key).setExpectedIssuer("slipway").setRequireExpirationTime()
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "RS256").build()
                    .processToClaims(jwt);
        } catch (InvalidJwtException e) {
            throw new AssertionError("the token does not verify with the local public key", e);
        }
    }
}
