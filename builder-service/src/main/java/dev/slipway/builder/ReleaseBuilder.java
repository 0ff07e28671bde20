package dev.slipway.builder;

import dev.slipway.service.Problem;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.slipway.service.ReleaseEvents;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.events.ReleaseLabelBound;
import dev.slipway.release.EvalGate;
import dev.slipway.release.EvalReport;
import dev.slipway.release.EvalResults;
import dev.slipway.release.LoadedRelease;
import dev.slipway.release.Release;
import dev.slipway.release.ReleaseBundle;
import dev.slipway.release.ReleaseLoader;
import dev.slipway.release.ReleaseSigner;

/**
 * Build and pin: validates and resolves a release bundle, applies the eval gate, signs the digest and publishes.
 * Every check runs before the first write, so a refused build publishes nothing; the same content builds to the same
 * digest and is published once.
 */
@ApplicationScoped
public class ReleaseBuilder {

    private final ReleaseCatalog catalog;
    private final ReleaseLog log;
    private final ReleaseSigner signer;
    private final Clock clock;
    private final CandidateStore candidates;

    public ReleaseBuilder(ReleaseCatalog catalog, ReleaseLog log, ReleaseSigner signer, Clock clock,
            CandidateStore candidates) {
        this.catalog = catalog;
        this.log = log;
        this.signer = signer;
        this.clock = clock;
        this.candidates = candidates;
    }

    public record Built(ReleaseBuilt release, boolean created) {
    }

    public Built build(ReleaseBundle bundle, Optional<String> label, String actor) {
        label.ifPresent(ReleaseRef::requireValidLabel);
        LoadedRelease loaded = ReleaseLoader.load(bundle.toSource());
        EvalResults results = loaded.evalResults().orElseThrow(() -> new ProblemException(422, "eval-results-missing",
                "Eval results missing", "a release leaves the build only with eval results for suite "
                        + loaded.evalSuite().name() + " (" + loaded.evalSuite().digest() + ")",
                List.of(new Problem.Violation("evals.results", "no eval results file named in the manifest; run the suite "
                        + "with `slipway eval` (or propose the release at /api/v1/candidates and attach results)"))));
        EvalReport report = gate(loaded, results);
        Release release = loaded.release();
        return publishOnce(release, report, label, actor);
    }

    /**
     * Holds a release for its evals: validated and resolved like a build, but without results, not signed into the
     * catalog and not published. A worker can be pinned to it to run the suite.
     */
    public CandidateStore.Candidate propose(ReleaseBundle bundle, Optional<String> label, String actor) {
        label.ifPresent(ReleaseRef::requireValidLabel);
        return candidates.propose(ReleaseLoader.load(bundle.toSource()), label, actor);
    }

    /** The signature a worker pinned to a candidate verifies: this builder's, over the digest, as for any release. */
    public dev.slipway.release.ReleaseSignature sign(String digest) {
        return signer.sign(digest);
    }

    /**
     * The eval gate on a candidate's results: passing, the candidate is built (signed and published, with the label it
     * was proposed with); failing, it never leaves the build.
     *
     * @throws ProblemException 404 when there is no such candidate (never proposed, expired, or the builder
     *                          restarted), 422 when the results do not fit the suite or fail the gate
     */
    public Built buildCandidate(String digest, EvalResults results, String actor) {
        CandidateStore.Candidate candidate = candidates.get(digest).orElseThrow(() -> new ProblemException(404,
                "candidate-not-found", "No such candidate", "no release " + digest + " is waiting for eval results"
                        + " (candidates are held for a while, and not across builder restarts): propose it again",
                List.of(new Problem.Violation("digest", "not a candidate"))));
        EvalReport report = gate(candidate.loaded(), results);
        Built built = publishOnce(candidate.loaded().release(), report, candidate.label(), actor);
        candidates.remove(digest);
        return built;
    }

    private static EvalReport gate(LoadedRelease loaded, EvalResults results) {
        EvalReport report = EvalGate.evaluate(loaded.evalSuite(), loaded.evalThreshold(), results);
        if (report.verdict() != EvalReport.Verdict.PASSED) {
            throw new ProblemException(422, "eval-gate-failed", "Eval gate failed",
                    String.format("eval score %.4f is below the threshold %.4f of suite %s", report.score(),
                            report.threshold(), report.suite()),
                    report.cases().stream()
                            .filter(c -> !c.passed())
                            .map(c -> new Problem.Violation("evals.results.cases[" + c.caseId() + "]",
                                    "score " + c.score() + " did not pass"))
                            .toList());
        }
        return report;
    }

    // One build at a time: the existence and label checks and the writes they guard must not interleave.
    private synchronized Built publishOnce(Release release, EvalReport report, Optional<String> label, String actor) {
        String digest = release.digest();
        label.ifPresent(l -> catalog.labelled(release.agent(), l)
                .filter(bound -> !bound.equals(digest))
                .ifPresent(bound -> {
                    throw new ProblemException(409, "label-taken", "Label already bound",
                            release.agent() + "@" + l + " is bound to " + bound + " and labels never move",
                            List.of(new Problem.Violation("label", "already bound to " + bound)));
                }));
        Optional<ReleaseBuilt> existing = catalog.byDigest(digest);
        ReleaseBuilt event = existing.orElseGet(() -> ReleaseEvents.releaseBuilt(
                release, report, signer.sign(digest), actor, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
        if (existing.isEmpty()) {
            ReleaseLog.requireFits(event);
            log.publish(event);
        }
        label.filter(l -> catalog.labelled(release.agent(), l).isEmpty())
                .ifPresent(l -> log.publish(ReleaseLabelBound.newBuilder()
                        .setAgent(release.agent())
                        .setLabel(l)
                        .setDigest(digest)
                        .setBoundBy(actor)
                        .setBoundAt(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                        .build()));
        return new Built(event, existing.isEmpty());
    }
}
