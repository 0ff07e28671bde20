package dev.slipway.builder;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.slipway.service.auth.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import dev.slipway.events.ReleaseBuilt;
import dev.slipway.release.Release;
import dev.slipway.release.ReleaseBundle;
import dev.slipway.release.ReleaseDiff;

/** Releases over HTTP: build, look up by digest or label, list per agent, diff, verify. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.AUTHOR, Roles.APPROVER, Roles.MODEL_GOVERNOR, Roles.OPERATOR})
public class ReleaseResource {

    /** Who calls: the verified token's subject, never a header or a body field. */
    @Inject
    SecurityIdentity identity;

    static final int MAX_PAGE_SIZE = 200;

    private final ReleaseBuilder builder;
    private final ReleaseCatalog catalog;
    private final ReleaseVerifier verifier;

    public ReleaseResource(ReleaseBuilder builder, ReleaseCatalog catalog, ReleaseVerifier verifier) {
        this.builder = builder;
        this.catalog = catalog;
        this.verifier = verifier;
    }

    @POST

    @RolesAllowed(Roles.AUTHOR)
    @Path("/releases")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response build(ReleaseBundle bundle, @QueryParam("label") String label,
            @HeaderParam("Content-Type") String contentType) {
        String actor = identity.getPrincipal().getName();
        requireBundle(bundle, contentType);
        var built = builder.build(bundle, Optional.ofNullable(label).filter(l -> !l.isBlank()), actor);
        ReleaseView view = ReleaseView.of(built.release(), catalog.labelsOf(built.release()), built.created());
        return Response.status(built.created() ? Response.Status.CREATED : Response.Status.OK)
                .location(URI.create("/api/v1/releases/" + built.release().getDigest()))
                .entity(view)
                .build();
    }

    /** A bundle was sent, and said it is JSON. */
    static void requireBundle(ReleaseBundle bundle, String contentType) {
        if (contentType == null || contentType.isBlank()) {
            // Without a Content-Type the JSON reader would guess; a client must say what it sends.
            throw new ProblemException(415, "unsupported-media-type", "Content-Type required",
                    "a release bundle is sent as Content-Type: application/json",
                    List.of(new dev.slipway.service.Problem.Violation("Content-Type", "missing; use application/json")));
        }
        if (bundle == null) {
            throw ProblemException.badRequest("body", "a release bundle {manifestName, manifest, files} is required");
        }
    }

    @GET
    @Path("/releases/{ref}")
    public ReleaseView get(@PathParam("ref") String ref) {
        ReleaseBuilt release = find(ref);
        return ReleaseView.of(release, catalog.labelsOf(release), null);
    }

    @GET
    @Path("/releases/{ref}/content")
    @Produces(MediaType.APPLICATION_JSON)
    public String content(@PathParam("ref") String ref) {
        return find(ref).getContent();
    }

    @GET
    @Path("/agents/{agent}/releases")
    public ReleaseCatalog.Page<ReleaseView> list(@PathParam("agent") String agent,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("20") int size) {
        if (page < 0) {
            throw ProblemException.badRequest("page", "page must be 0 or more, was " + page);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ProblemException.badRequest("size", "size must be between 1 and " + MAX_PAGE_SIZE + ", was " + size);
        }
        var found = catalog.byAgent(agent, page, size);
        List<ReleaseView> items = found.items().stream().map(r -> ReleaseView.of(r, catalog.labelsOf(r), null)).toList();
        return new ReleaseCatalog.Page<>(items, found.page(), found.size(), found.total());
    }

    @GET
    @Path("/releases/{ref}/diff/{other}")
    public DiffView diff(@PathParam("ref") String ref, @PathParam("other") String other) {
        Release from = Release.fromCanonicalJson(find(ref).getContent());
        Release to = Release.fromCanonicalJson(find(other).getContent());
        ReleaseDiff diff = ReleaseDiff.between(from, to);
        return new DiffView(diff.fromDigest(), diff.toDigest(),
                diff.changedParts().stream().map(Enum::name).sorted().toList(), diff.changes(), diff.render(false));
    }

    @GET
    @Path("/releases/{ref}/verification")
    public ReleaseVerifier.Verification verify(@PathParam("ref") String ref) {
        return verifier.verify(find(ref));
    }

    public record DiffView(String fromDigest, String toDigest, List<String> changedParts, List<?> changes, String text) {
    }

    private ReleaseBuilt find(String ref) {
        ReleaseRef parsed;
        try {
            parsed = ReleaseRef.parse(ref);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("ref", e.getMessage());
        }
        return catalog.find(parsed).orElseThrow(() -> ProblemException.notFound("no release " + ref));
    }
}
