package dev.slipway.agent;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import dev.slipway.release.Digests;
import dev.slipway.release.IndexPart;
import dev.slipway.release.ModelPart;
import dev.slipway.release.Prompt;
import dev.slipway.release.Release;
import dev.slipway.release.ReleaseSignature;
import dev.slipway.release.ReleaseValidationException;
import dev.slipway.release.SignatureVerifier;
import dev.slipway.release.Tool;

/**
 * The one release a worker runs: fetched once at start, its content re-hashed to the pinned digest and its signature
 * checked against the keys the worker trusts — or the worker does not start. Agent code reads prompts, tools, the
 * model pin and the index pin only through it, so what runs is what was signed.
 */
public final class PinnedRelease {

    private final Release release;
    private final ReleaseSignature signature;
    private final Map<String, String> prompts = new TreeMap<>();
    private final Map<String, Tool> tools = new TreeMap<>();

    private PinnedRelease(Release release, ReleaseSignature signature) {
        this.release = release;
        this.signature = signature;
        for (Prompt p : release.prompts()) {
            prompts.put(p.name(), p.text());
        }
        for (Tool t : release.tools()) {
            tools.put(t.name(), t);
        }
    }

    /**
     * Fetches and verifies the release pinned by {@code digest}.
     *
     * @throws ReleaseRefusedException naming what did not match: the digest's form, the content (not a release, or
     *                                 hashing to another digest), a missing signature, an untrusted signer, a
     *                                 signature that does not verify
     */
    public static PinnedRelease fetch(String digest, ReleaseFetcher fetcher, Set<String> trustedKeyIds) {
        if (!Digests.isSha256(digest)) {
            throw new ReleaseRefusedException("the pinned digest '" + digest + "' is not sha256:<64 lowercase hex>");
        }
        if (trustedKeyIds.isEmpty()) {
            throw new ReleaseRefusedException("no trusted signing keys are configured: a worker runs only releases "
                    + "signed by a builder it trusts");
        }
        ReleaseFetcher.Fetched fetched = fetcher.fetch(digest);
        Release release;
        try {
            release = Release.fromCanonicalJson(fetched.content());
        } catch (ReleaseValidationException | IllegalArgumentException e) {
            throw new ReleaseRefusedException("the content fetched for " + digest + " is not a valid release: "
                    + e.getMessage(), e);
        }
        if (!release.digest().equals(digest)) {
            throw new ReleaseRefusedException("the content fetched for " + digest + " hashes to " + release.digest()
                    + ": it is not the pinned release (altered in transit or in storage)");
        }
        ReleaseSignature signature = fetched.signature();
        if (signature == null) {
            throw new ReleaseRefusedException("release " + digest + " is not signed");
        }
        if (!trustedKeyIds.contains(signature.keyId())) {
            throw new ReleaseRefusedException("release " + digest + " is signed by key " + signature.keyId()
                    + ", which this worker does not trust (trusted: " + String.join(", ", trustedKeyIds) + ")");
        }
        if (!SignatureVerifier.verify(digest, signature)) {
            throw new ReleaseRefusedException("the signature of release " + digest + " by key " + signature.keyId()
                    + " does not verify");
        }
        return new PinnedRelease(release, signature);
    }

    public String digest() {
        return release.digest();
    }

    public String agent() {
        return release.agent();
    }

    /** The text of a prompt of the release. */
    public String prompt(String name) {
        String text = prompts.get(name);
        if (text == null) {
            throw new IllegalArgumentException("release " + digest() + " has no prompt '" + name + "' (it has "
                    + String.join(", ", prompts.keySet()) + ")");
        }
        return text;
    }

    public Set<String> promptNames() {
        return prompts.keySet();
    }

    /** The tools the release grants, by name; any other tool is refused by the {@link ToolGuard}. */
    public Map<String, Tool> tools() {
        return java.util.Collections.unmodifiableMap(tools);
    }

    public Optional<Tool> tool(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    public ModelPart model() {
        return release.model();
    }

    public IndexPart index() {
        return release.index();
    }

    public ReleaseSignature signature() {
        return signature;
    }
}
