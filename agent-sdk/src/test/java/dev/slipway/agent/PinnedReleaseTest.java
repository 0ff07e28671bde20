package dev.slipway.agent;

import static dev.slipway.agent.SignedReleases.SAMPLE;
import static dev.slipway.agent.SignedReleases.SIGNATURE;
import static dev.slipway.agent.SignedReleases.serving;
import static dev.slipway.agent.SignedReleases.trusted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.slipway.release.ReleaseSignature;
import dev.slipway.release.ReleaseSigner;

/** A worker runs exactly its pinned, signed release, or does not start: one test per refusal. */
class PinnedReleaseTest {

    @Test
    void aVerifiedReleaseIsReadThroughThePin() {
        PinnedRelease pinned = SignedReleases.pinned();
        assertThat(pinned.digest()).isEqualTo(SAMPLE.digest());
        assertThat(pinned.agent()).isEqualTo("support-triage");
        assertThat(pinned.prompt("system")).isEqualTo(SAMPLE.prompts().stream()
                .filter(p -> p.name().equals("system")).findFirst().orElseThrow().text());
        assertThat(pinned.tools()).containsKeys("search_kb", "create_ticket", "escalate_to_human");
        assertThat(pinned.model().snapshot()).isEqualTo("2025-05-14");
        assertThat(pinned.index().corpus()).isEqualTo("support-kb");
    }

    @Test
    void alteredContentIsRefusedNamingBothDigests() {
        String altered = SAMPLE.toCanonicalJson().replace("claude-sonnet-4", "claude-opus-4");
        assertThatThrownBy(() -> PinnedRelease.fetch(SAMPLE.digest(), serving(altered, SIGNATURE), trusted()))
                .isInstanceOf(ReleaseRefusedException.class)
                .hasMessageContaining("hashes to sha256:")
                .hasMessageContaining("it is not the pinned release");
    }

    @Test
    void anUnsignedReleaseIsRefused() {
        assertThatThrownBy(() -> PinnedRelease.fetch(SAMPLE.digest(), serving(SAMPLE.toCanonicalJson(), null), trusted()))
                .isInstanceOf(ReleaseRefusedException.class)
                .hasMessageContaining("is not signed");
    }

    @Test
    void aReleaseSignedByAnUntrustedKeyIsRefused() {
        ReleaseSignature stranger = ReleaseSigner.generate().sign(SAMPLE.digest());
        assertThatThrownBy(() -> PinnedRelease.fetch(SAMPLE.digest(), serving(SAMPLE.toCanonicalJson(), stranger), trusted()))
                .isInstanceOf(ReleaseRefusedException.class)
                .hasMessageContaining("signed by key " + stranger.keyId())
                .hasMessageContaining("does not trust");
    }

    @Test
    void aSignatureOverAnotherDigestIsRefused() {
        ReleaseSignature other = SignedReleases.BUILDER.sign("sha256:" + "0".repeat(64));
        assertThatThrownBy(() -> PinnedRelease.fetch(SAMPLE.digest(), serving(SAMPLE.toCanonicalJson(), other), trusted()))
                .isInstanceOf(ReleaseRefusedException.class)
                .hasMessageContaining("does not verify");
    }

    @Test
    void contentThatIsNotAReleaseIsRefused() {
        assertThatThrownBy(() -> PinnedRelease.fetch(SAMPLE.digest(), serving("{\"agent\":42}", SIGNATURE), trusted()))
                .isInstanceOf(ReleaseRefusedException.class)
                .hasMessageContaining("is not a valid release");
    }

    @Test
    void aMalformedPinOrNoTrustedKeyIsRefusedBeforeFetching() {
        ReleaseFetcher never = digest -> {
            throw new AssertionError("must not fetch");
        };
        assertThatThrownBy(() -> PinnedRelease.fetch("latest", never, trusted()))
                .isInstanceOf(ReleaseRefusedException.class).hasMessageContaining("is not sha256:<64 lowercase hex>");
        assertThatThrownBy(() -> PinnedRelease.fetch(SAMPLE.digest(), never, Set.of()))
                .isInstanceOf(ReleaseRefusedException.class).hasMessageContaining("no trusted signing keys");
    }

    @Test
    void anUnknownPromptNamesTheOnesThereAre() {
        assertThatThrownBy(() -> SignedReleases.pinned().prompt("greeting"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no prompt 'greeting'").hasMessageContaining("system");
    }

    @Test
    void theBuilderFetcherReadsTheViewAndTheContent() throws IOException {
        HttpServer builder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String view = builderView();
        builder.createContext("/api/v1/releases/" + SAMPLE.digest(), ex -> {
            byte[] body = (ex.getRequestURI().getPath().endsWith("/content") ? SAMPLE.toCanonicalJson() : view)
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        builder.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + builder.getAddress().getPort());
            BuilderReleaseFetcher fetcher = new BuilderReleaseFetcher(url, Duration.ofSeconds(5));
            assertThat(PinnedRelease.fetch(SAMPLE.digest(), fetcher, trusted()).digest()).isEqualTo(SAMPLE.digest());
            String unknown = "sha256:" + "1".repeat(64);
            assertThatThrownBy(() -> PinnedRelease.fetch(unknown, fetcher, trusted()))
                    .isInstanceOf(ReleaseRefusedException.class).hasMessageContaining("has no release or candidate " + unknown);
        } finally {
            builder.stop(0);
        }
    }

    @Test
    void aDigestTheBuilderHoldsAsACandidateIsFetchedFromTheCandidatesAndVerifiedTheSameWay() throws IOException {
        HttpServer builder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String view = builderView();
        java.util.List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        builder.createContext("/api/v1/", ex -> {
            String path = ex.getRequestURI().getPath();
            asked.add(path);
            byte[] body = !path.startsWith("/api/v1/candidates/") ? "{\"status\":404}".getBytes(StandardCharsets.UTF_8)
                    : (path.endsWith("/content") ? SAMPLE.toCanonicalJson() : view).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(path.startsWith("/api/v1/candidates/") ? 200 : 404, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        builder.start();
        try {
            BuilderReleaseFetcher fetcher = new BuilderReleaseFetcher(
                    URI.create("http://127.0.0.1:" + builder.getAddress().getPort()), Duration.ofSeconds(5));
            assertThat(PinnedRelease.fetch(SAMPLE.digest(), fetcher, trusted()).digest()).isEqualTo(SAMPLE.digest());
            assertThat(asked).containsExactly("/api/v1/releases/" + SAMPLE.digest(), "/api/v1/candidates/" + SAMPLE.digest(),
                    "/api/v1/candidates/" + SAMPLE.digest() + "/content");
            assertThatThrownBy(() -> PinnedRelease.fetch(SAMPLE.digest(), fetcher, java.util.Set.of("sha256:" + "2".repeat(64))))
                    .as("a candidate's signature is checked like a release's").isInstanceOf(ReleaseRefusedException.class);
        } finally {
            builder.stop(0);
        }
    }

    /** The builder's view of the sample release: its digest and signature. */
    private static String builderView() {
        return "{\"digest\":\"" + SAMPLE.digest() + "\",\"signature\":{\"algorithm\":\"Ed25519\",\"keyId\":\""
                + SIGNATURE.keyId() + "\",\"publicKey\":\"" + SIGNATURE.publicKey() + "\",\"value\":\"" + SIGNATURE.value()
                + "\"}}";
    }
}
