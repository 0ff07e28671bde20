package dev.slipway.service;

import java.time.Instant;

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
import dev.slipway.release.Part;
import dev.slipway.release.Release;
import dev.slipway.release.ReleaseSignature;

/** Maps a built release onto its {@code ReleaseBuilt} event and back. Pure: no I/O, no clock. */
public final class ReleaseEvents {

    private ReleaseEvents() {
    }

    public static ReleaseBuilt releaseBuilt(Release release, EvalReport eval, ReleaseSignature signature, String builtBy,
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

    public static ReleaseSignature signatureOf(ReleaseBuilt event) {
        var s = event.getSignature();
        return new ReleaseSignature(s.getAlgorithm(), s.getKeyId(), s.getPublicKey(), s.getValue());
    }
}
