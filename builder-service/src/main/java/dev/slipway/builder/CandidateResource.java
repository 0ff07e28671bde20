package dev.slipway.builder;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.service.auth.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import dev.slipway.release.EvalGrader;
import dev.slipway.release.EvalResults;
import dev.slipway.release.EvalSuite;
import dev.slipway.release.ReleaseBundle;
import dev.slipway.release.ReleaseSignature;
import dev.slipway.service.Problem;

/**
 * Candidates over HTTP: propose a release for its evals, fetch it (a worker pinned to it does), attach the results.
 * Results that pass the gate build the release; the answer is then the release, as {@code POST /api/v1/releases}
 * gives it.
 */
@Path("/api/v1/candidates")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.AUTHOR, Roles.APPROVER, Roles.MODEL_GOVERNOR, Roles.OPERATOR})
public class CandidateResource {

    /** Who calls: the verified token's subject, never a header or a body field. */
    @Inject
    SecurityIdentity identity;

    private final ReleaseBuilder builder;
    private final CandidateStore candidates;
    private final ReleaseCatalog catalog;

    public CandidateResource(ReleaseBuilder builder, CandidateStore candidates, ReleaseCatalog catalog) {
        this.builder = builder;
        this.candidates = candidates;
        this.catalog = catalog;
    }

    /** A candidate: what it is, the suite to run on it, and the signature a worker pinned to it verifies. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CandidateView(String digest, String agent, String label, boolean alreadyBuilt, Suite suite,
            ReleaseView.Signature signature, String proposedBy, Instant proposedAt, Instant expiresAt) {
    }

    public record Suite(String name, String digest, double passScore, double threshold, List<EvalGrader> graders,
            List<Case> cases) {
    }

    public record Case(String id, JsonNode input, JsonNode expected) {
    }

    @POST

    @RolesAllowed(Roles.AUTHOR)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response propose(ReleaseBundle bundle, @QueryParam("label") String label,
            @HeaderParam("Content-Type") String contentType) {
        String actor = identity.getPrincipal().getName();
        ReleaseResource.requireBundle(bundle, contentType);
        CandidateStore.Candidate candidate = builder.propose(bundle, Optional.ofNullable(label).filter(l -> !l.isBlank()),
                actor);
        return Response.status(Response.Status.CREATED)
                .location(URI.create("/api/v1/candidates/" + candidate.digest()))
                .entity(view(candidate))
                .build();
    }

    @GET
    @Path("/{digest}")
    public CandidateView get(@PathParam("digest") String digest) {
        return view(find(digest));
    }

    @GET
    @Path("/{digest}/content")
    public String content(@PathParam("digest") String digest) {
        return find(digest).loaded().release().toCanonicalJson();
    }

    /**
     * The results of the candidate's suite, as a results file has them:
     * {@code {"suiteDigest": "sha256:…", "scores": [{"caseId": "…", "score": 0.9}, …]}}.
     */
    @POST
    @RolesAllowed(Roles.AUTHOR)
    @Path("/{digest}/results")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response attachResults(@PathParam("digest") String digest, byte[] body) {
        String actor = identity.getPrincipal().getName();
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("body", "eval results {suiteDigest, scores: [{caseId, score}]} are required");
        }
        // Parsed as a results file is, so a bad field is named the same way: evals.results.scores[2].score.
        EvalResults results = EvalResults.parse("results.json", body);
        var built = builder.buildCandidate(digest, results, actor);
        ReleaseView view = ReleaseView.of(built.release(), catalog.labelsOf(built.release()), built.created());
        return Response.status(built.created() ? Response.Status.CREATED : Response.Status.OK)
                .location(URI.create("/api/v1/releases/" + digest))
                .entity(view)
                .build();
    }

    private CandidateStore.Candidate find(String digest) {
        return candidates.get(digest).orElseThrow(() -> new ProblemException(404, "candidate-not-found",
                "No such candidate", "no release " + digest + " is waiting for eval results (candidates are held for a"
                        + " while, and not across builder restarts)",
                List.of(new Problem.Violation("digest", "not a candidate"))));
    }

    private CandidateView view(CandidateStore.Candidate candidate) {
        EvalSuite suite = candidate.loaded().evalSuite();
        ReleaseSignature signature = builder.sign(candidate.digest());
        return new CandidateView(candidate.digest(), candidate.loaded().release().agent(), candidate.label().orElse(null),
                catalog.byDigest(candidate.digest()).isPresent(),
                new Suite(suite.name(), suite.digest(), suite.passScore(), candidate.loaded().evalThreshold(),
                        suite.graders(), suite.cases().stream().map(c -> new Case(c.id(), c.input(), c.expected())).toList()),
                new ReleaseView.Signature(signature.algorithm(), signature.keyId(), signature.publicKey(), signature.value()),
                candidate.proposedBy(), candidate.proposedAt(), candidate.expiresAt());
    }
}
