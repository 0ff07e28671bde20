package dev.slipway.router.stream;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import dev.slipway.events.CodePin;
import dev.slipway.events.EvalCaseResult;
import dev.slipway.events.EvalVerdict;
import dev.slipway.events.Evaluation;
import dev.slipway.events.IndexPin;
import dev.slipway.events.ModelPin;
import dev.slipway.events.PartDigests;
import dev.slipway.events.PromptRef;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.ToolGrant;
import dev.slipway.release.EvalReport;
import dev.slipway.release.LoadedRelease;
import dev.slipway.release.Part;
import dev.slipway.release.Release;
import dev.slipway.release.ReleaseBundle;
import dev.slipway.release.ReleaseLoader;
import dev.slipway.release.ReleaseSignature;
import dev.slipway.release.ReleaseSigner;

/**
 * Real, signed {@code ReleaseBuilt} events built from {@code examples/support-triage}, mapped field for field as the
 * builder does (builder's {@code ReleaseEvents.releaseBuilt}; the router may not depend on builder-service).
 */
final class SignedReleases {

    static final String PROMPT_FILE = "prompts/triage.md";
    static final String ORIGINAL_LINE =
            "5. Call `create_ticket` with the category, priority, a one-line title under 80 characters and the internal summary.";
    static final String EDITED_LINE =
            "5. Call `create_ticket` with the category, priority, a one-line title under 60 characters and the internal summary.";

    private static final Instant BUILT_AT = Instant.parse("2026-11-20T09:00:00Z");

    private SignedReleases() {
    }

    /** The example release, unchanged. */
    static ReleaseBundle original() {
        return ReleaseBundle.fromDirectory(Path.of("../examples/support-triage"));
    }

    /** The example release with one line of its triage prompt edited: only the PROMPTS part differs. */
    static ReleaseBundle editedPrompt() {
        ReleaseBundle original = original();
        String prompt = original.files().get(PROMPT_FILE);
        if (prompt == null || !prompt.contains(ORIGINAL_LINE)) {
            throw new IllegalStateException(PROMPT_FILE + " no longer holds the line this fixture edits: " + ORIGINAL_LINE);
        }
        Map<String, String> files = new TreeMap<>(original.files());
        files.put(PROMPT_FILE, prompt.replace(ORIGINAL_LINE, EDITED_LINE));
        return new ReleaseBundle(original.manifestName(), original.manifest(), files);
    }

    static ReleaseBuilt signed(ReleaseBundle bundle, ReleaseSigner signer) {
        LoadedRelease loaded = ReleaseLoader.load(bundle.toSource());
        Release release = loaded.release();
        return releaseBuilt(release, loaded.evaluate(), signer.sign(release.digest()), "test-builder", BUILT_AT);
    }

    /** The same release with one character of its signature value changed. */
    static ReleaseBuilt withTamperedSignature(ReleaseBuilt release) {
        String value = release.getSignature().getValue();
        char first = value.charAt(0);
        String tampered = (first == 'A' ? 'B' : 'A') + value.substring(1);
        return ReleaseBuilt.newBuilder(release)
                .setSignature(dev.slipway.events.ReleaseSignature.newBuilder(release.getSignature()).setValue(tampered).build())
                .build();
    }

    /** Field for field what the builder publishes (builder-service ReleaseEvents.releaseBuilt). */
    static ReleaseBuilt releaseBuilt(Release release, EvalReport eval, ReleaseSignature signature, String builtBy,
            Instant builtAt) {
        return ReleaseBuilt.newBuilder()
                .setDigest(release.digest())
                .setAgent(release.agent())
                .setPartDigests(PartDigests.newBuilder()
                        .setCode(release.partDigest(Part.CODE))
                        .setModel(release.partDigest(Part.MODEL))
                        .setPrompts(release.partDigest(Part.PROMPTS))
                        .setTools(release.partDigest(Part.TOOLS))
                        .setIndex(release.partDigest(Part.INDEX))
                        .build())
                .setCode(CodePin.newBuilder()
                        .setRepository(release.code().repository())
                        .setCommit(release.code().commit())
                        .setImage(release.code().image())
                        .build())
                .setModel(ModelPin.newBuilder()
                        .setProvider(release.model().provider())
                        .setName(release.model().name())
                        .setSnapshot(release.model().snapshot())
                        .setParameters(release.model().parametersAsCanonicalJson())
                        .build())
                .setPrompts(release.prompts().stream()
                        .map(p -> PromptRef.newBuilder()
                                .setName(p.name())
                                .setDigest(release.promptDigest(p.name()))
                                .setSizeBytes(release.promptSize(p.name()))
                                .build())
                        .toList())
                .setTools(release.tools().stream()
                        .map(t -> ToolGrant.newBuilder()
                                .setName(t.name())
                                .setScopes(t.scopes())
                                .setMaxCallsPerTask(t.maxCallsPerTask())
                                .build())
                        .toList())
                .setIndex(IndexPin.newBuilder()
                        .setCorpus(release.index().corpus())
                        .setBuildId(release.index().buildId())
                        .setBuildDigest(release.index().buildDigest())
                        .setEmbeddingModel(release.index().embeddingModel())
                        .build())
                .setContent(release.toCanonicalJson())
                .setEvaluation(Evaluation.newBuilder()
                        .setSuite(eval.suite())
                        .setSuiteDigest(eval.suiteDigest())
                        .setThreshold(eval.threshold())
                        .setScore(eval.score())
                        .setVerdict(EvalVerdict.valueOf(eval.verdict().name()))
                        .setCases(eval.cases().stream()
                                .map(c -> EvalCaseResult.newBuilder()
                                        .setCaseId(c.caseId())
                                        .setScore(c.score())
                                        .setPassed(c.passed())
                                        .build())
                                .toList())
                        .build())
                .setSignature(dev.slipway.events.ReleaseSignature.newBuilder()
                        .setAlgorithm(signature.algorithm())
                        .setKeyId(signature.keyId())
                        .setPublicKey(signature.publicKey())
                        .setValue(signature.value())
                        .build())
                .setBuiltBy(builtBy)
                .setBuiltAt(builtAt)
                .build();
    }
}
