package dev.slipway.builder;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.slipway.events.ReleaseBuilt;

/** What the REST API shows of a release: its pins, part digests, evaluation, signature and labels. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReleaseView(
        String digest,
        String agent,
        Boolean created,
        List<String> labels,
        Map<String, String> parts,
        Code code,
        Model model,
        Index index,
        List<PromptRef> prompts,
        List<Tool> tools,
        Evaluation evaluation,
        Signature signature,
        String builtBy,
        Instant builtAt) {

    public record Code(String repository, String commit, String image) {
    }

    public record Model(String provider, String name, String snapshot, Map<String, String> parameters) {
    }

    public record Index(String corpus, String buildId, String buildDigest, String embeddingModel) {
    }

    public record PromptRef(String name, String digest, long sizeBytes) {
    }

    public record Tool(String name, List<String> scopes, int maxCallsPerTask) {
    }

    public record Evaluation(String suite, String suiteDigest, double threshold, double score, String verdict,
            List<CaseResult> cases) {
    }

    public record CaseResult(String caseId, double score, boolean passed) {
    }

    public record Signature(String algorithm, String keyId, String publicKey, String value) {
    }

    static ReleaseView of(ReleaseBuilt r, List<String> labels, Boolean created) {
        var p = r.getPartDigests();
        var e = r.getEvaluation();
        var s = r.getSignature();
        return new ReleaseView(
                r.getDigest(),
                r.getAgent(),
                created,
                labels,
                Map.of("code", p.getCode(), "model", p.getModel(), "prompts", p.getPrompts(), "tools", p.getTools(),
                        "index", p.getIndex()),
                new Code(r.getCode().getRepository(), r.getCode().getCommit(), r.getCode().getImage()),
                new Model(r.getModel().getProvider(), r.getModel().getName(), r.getModel().getSnapshot(),
                        r.getModel().getParameters()),
                new Index(r.getIndex().getCorpus(), r.getIndex().getBuildId(), r.getIndex().getBuildDigest(),
                        r.getIndex().getEmbeddingModel()),
                r.getPrompts().stream().map(x -> new PromptRef(x.getName(), x.getDigest(), x.getSizeBytes())).toList(),
                r.getTools().stream().map(x -> new Tool(x.getName(), x.getScopes(), x.getMaxCallsPerTask())).toList(),
                new Evaluation(e.getSuite(), e.getSuiteDigest(), e.getThreshold(), e.getScore(), e.getVerdict().name(),
                        e.getCases().stream().map(c -> new CaseResult(c.getCaseId(), c.getScore(), c.getPassed())).toList()),
                new Signature(s.getAlgorithm(), s.getKeyId(), s.getPublicKey(), s.getValue()),
                r.getBuiltBy(),
                r.getBuiltAt());
    }
}
