package dev.slipway.cli.release;

import dev.slipway.cli.client.Problem;
import dev.slipway.cli.client.ProblemException;
import dev.slipway.cli.client.BuilderClient;
import dev.slipway.cli.client.ReleaseRef;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.cli.CliContext;
import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCodes;
import dev.slipway.cli.client.JsonApi;
import dev.slipway.cli.Output;
import dev.slipway.release.ReleaseBundle;
import dev.slipway.release.ReleaseLimits;
import dev.slipway.release.ReleaseValidationException;

/** What the {@code release} verbs do, apart from parsing: read bundles, call the builder, print the answers. */
public final class ReleaseService {

    private final BuilderClient builder;
    private final Output out;
    private final ReleaseRenderer renderer;

    public ReleaseService(BuilderClient builder, Output out) {
        this.builder = builder;
        this.out = out;
        this.renderer = new ReleaseRenderer(out.styles());
    }

    /** The default wiring: the builder URL from options / env / stack.json. */
    public static ReleaseService create(CliContext ctx) {
        return new ReleaseService(ctx.builder(Duration.ofSeconds(120)), ctx.output());
    }

    /** The release service a command works through (a test's, when it put one in). */
    public static ReleaseService of(CliContext ctx) {
        return ctx.service(ReleaseService.class, ReleaseService::create);
    }

    /** A release folder read and encoded for the builder. */
    public record ReadBundle(Path dir, ReleaseBundle bundle, byte[] json) {
    }

    /**
     * Reads the release folder (or the folder of a given manifest file) and encodes it, checked locally by the
     * builder's own rules first: nothing is sent when they refuse it.
     */
    public static ReadBundle read(Path dirOrManifest) {
        Path dir = Files.isRegularFile(dirOrManifest) ? dirOrManifest.toAbsolutePath().getParent() : dirOrManifest;
        if (!Files.isDirectory(dir)) {
            throw new CliException(ExitCodes.USAGE, "no such release folder: " + dirOrManifest);
        }
        ReleaseBundle bundle;
        try {
            bundle = ReleaseBundle.fromDirectory(dir);
        } catch (ReleaseValidationException e) {
            // Same rules as the builder's, checked before anything is sent: report it the way the builder would.
            List<Problem.FieldViolation> violations = e.violations().stream()
                    .map(v -> new Problem.FieldViolation(v.field(), v.message())).toList();
            ObjectNode raw = JsonNodeFactory.instance.objectNode()
                    .put("title", "Invalid release")
                    .put("detail", "checked locally in " + dir + "; nothing was sent to the builder");
            ArrayNode list = raw.putArray("violations");
            violations.forEach(v -> list.addObject().put("field", v.field()).put("message", v.message()));
            throw new ProblemException(new Problem(null, "Invalid release", 0, raw.path("detail").asText(), null, violations, raw));
        } catch (RuntimeException e) {
            throw new CliException(ExitCodes.FAILED, "cannot read the release in " + dir + ": " + e.getMessage(), e);
        }
        byte[] body = JsonApi.encode(toJson(bundle));
        long maxBody = ReleaseLimits.DEFAULT.maxBundleBodyBytes();
        if (body.length > maxBody) {
            throw new CliException(ExitCodes.FAILED, "the release in " + dir + " encodes to a " + body.length
                    + "-byte request, over the builder's body limit of " + ReleaseLimits.inWords(maxBody)
                    + " (its texts escape to more than twice their size); nothing was sent");
        }
        return new ReadBundle(dir, bundle, body);
    }

    /** Whether the release's manifest names eval results (else the suite must be run: {@code slipway eval}). */
    public static boolean namesEvalResults(ReadBundle read) {
        return dev.slipway.release.ReleaseLoader.load(read.bundle().toSource()).evalResults().isPresent();
    }

    /** Builds a read release on the builder, with the eval results its manifest names. */
    public void build(Path dirOrManifest, Optional<String> label) {
        build(read(dirOrManifest), label);
    }

    public void build(ReadBundle read, Optional<String> label) {
        byte[] body = read.json();
        JsonApi.Response r = builder.createRelease(body, label);
        if (out.json()) {
            out.printJson(r.body());
            return;
        }
        printBuilt(r, label);
    }

    /** Prints a release the builder answered a build with: built (new) or unchanged. */
    public void printBuilt(JsonApi.Response r, Optional<String> label) {
        JsonNode v = r.body();
        boolean created = v.has("created") ? v.path("created").asBoolean() : r.status() == 201;
        String digest = v.path("digest").asText("?");
        out.line(created
                ? out.styles().green("built") + " " + out.styles().bold(digest) + " (new)"
                : out.styles().cyan("unchanged") + " " + out.styles().bold(digest) + " (already existed: same content, same digest)");
        label.ifPresent(l -> out.line("label " + v.path("agent").asText("?") + "@" + l + " → " + digest));
        renderer.release(v).stream().skip(1).forEach(out::line);
    }

    static ObjectNode toJson(ReleaseBundle bundle) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("manifestName", bundle.manifestName());
        json.put("manifest", bundle.manifest());
        ObjectNode files = json.putObject("files");
        for (Map.Entry<String, String> f : new java.util.TreeMap<>(bundle.files()).entrySet()) {
            files.put(f.getKey(), f.getValue());
        }
        return json;
    }

    public void show(ReleaseRef ref) {
        JsonNode v = builder.release(ref).body();
        if (out.json()) {
            out.printJson(v);
        } else {
            renderer.release(v).forEach(out::line);
        }
    }

    public void diff(ReleaseRef from, ReleaseRef to) {
        JsonNode d = builder.diff(from, to).body();
        if (out.json()) {
            out.printJson(d);
        } else {
            renderer.diff(d).forEach(out::line);
        }
    }

    public void list(String agent, int page, int size) {
        JsonNode p = builder.releasesOf(agent, page, size).body();
        if (out.json()) {
            out.printJson(p);
        } else {
            renderer.list(agent, p).forEach(out::line);
        }
    }

    /** Prints the verification; returns {@link ExitCodes#OK} only if content, signature and key all check out. */
    public int verify(ReleaseRef ref) {
        JsonNode v = builder.verification(ref).body();
        if (out.json()) {
            out.printJson(v);
        } else {
            renderer.verification(v).forEach(out::line);
        }
        return ReleaseRenderer.verified(v) ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
