package dev.slipway.release;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One immutable, content-addressed agent release: code, model, prompts, tools and index.
 *
 * <p>Digests form a two-level Merkle tree, as OCI manifests and git trees do. Each prompt text is a blob hashed from
 * its exact UTF-8 bytes; each part is an RFC 8785 canonical JSON document (the prompts part lists each prompt's blob
 * digest and size instead of the text); the release digest hashes the canonical document
 * {@code {"apiVersion":"slipway.dev/v1","agent":…,"parts":{"code":…,"index":…,"model":…,"prompts":…,"tools":…}}}.
 * So every byte is hashed once, a part's digest names exactly what changed, and the same content has the same digest
 * whoever built it, whenever, from YAML or JSON.
 *
 * <p>Construction validates the content ({@link ReleaseValidationException} lists every violation) and computes all
 * digests once; prompts and tools are kept sorted by name. Jackson serialises the full content, which is also the
 * form of {@link #toCanonicalJson()}.
 */
@JsonAutoDetect(getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE,
        fieldVisibility = JsonAutoDetect.Visibility.NONE, creatorVisibility = JsonAutoDetect.Visibility.NONE)
@JsonPropertyOrder({"apiVersion", "agent", "code", "model", "prompts", "tools", "index"})
public final class Release {

    /** The only release format version this code reads and writes. */
    public static final String API_VERSION = "slipway.dev/v1";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String agent;
    private final CodePart code;
    private final ModelPart model;
    private final List<Prompt> prompts;
    private final List<Tool> tools;
    private final IndexPart index;
    private final Map<String, Blob> blobs;
    private final Map<Part, String> partDigests;
    private final String digest;

    /**
     * A release from its parts; validates them (without size limits) and computes the digests.
     *
     * @throws ReleaseValidationException listing every violation
     */
    public Release(String agent, CodePart code, ModelPart model, List<Prompt> prompts, List<Tool> tools, IndexPart index) {
        this(agent, code, model, prompts, tools, index, checked(agent, code, model, prompts, tools, index, null));
    }

    private Release(String agent, CodePart code, ModelPart model, List<Prompt> prompts, List<Tool> tools, IndexPart index,
                    Map<String, Blob> blobs) {
        this(agent, code, model, prompts, tools, index, blobs, Map.of());
    }

    /**
     * @param canonicalTools canonical JSON of tools already canonicalised by the caller, by tool name; the others are
     *                       canonicalised here
     */
    private Release(String agent, CodePart code, ModelPart model, List<Prompt> prompts, List<Tool> tools, IndexPart index,
                    Map<String, Blob> blobs, Map<String, String> canonicalTools) {
        this.agent = agent;
        this.code = code;
        this.model = model;
        this.prompts = sortedCopy(prompts, Prompt::name);
        this.tools = sortedCopy(tools, Tool::name);
        this.index = index;
        this.blobs = Collections.unmodifiableMap(new TreeMap<>(blobs));
        EnumMap<Part, String> parts = new EnumMap<>(Part.class);
        for (Part part : Part.values()) {
            String document = part == Part.TOOLS ? toolsCanonicalJson(canonicalTools) : partCanonicalJson(part);
            parts.put(part, Digests.sha256(CanonicalJson.encodeStrict(document)));
        }
        this.partDigests = Collections.unmodifiableMap(parts);
        this.digest = Digests.sha256(CanonicalJson.utf8(releaseDocument()));
    }

    /**
     * For {@link ReleaseLoader}: content it has already validated, with prompt blobs hashed from the bytes it read and
     * tools canonicalised while their files were read, in parallel.
     */
    static Release trusted(String agent, CodePart code, ModelPart model, List<Prompt> prompts, List<Tool> tools,
                           IndexPart index, Map<String, Blob> blobs, Map<String, String> canonicalTools) {
        return new Release(agent, code, model, prompts, tools, index, blobs, canonicalTools);
    }

    /** Validates content whose prompt blobs are not known yet; returns the blobs. */
    private static Map<String, Blob> checked(String agent, CodePart code, ModelPart model, List<Prompt> prompts,
                                             List<Tool> tools, IndexPart index, ReleaseLimits limits) {
        Violations violations = new Violations();
        Map<String, Blob> blobs = blobsOf(prompts);
        ReleaseValidator.validate(agent, code, model, prompts, tools, index, blobs, limits, false, violations);
        violations.throwIfAny();
        return blobs;
    }

    static Map<String, Blob> blobsOf(List<Prompt> prompts) {
        Map<String, Blob> blobs = new LinkedHashMap<>();
        if (prompts != null) {
            for (Prompt prompt : prompts) {
                if (prompt != null && prompt.name() != null && prompt.text() != null
                        && Text.isWellFormed(prompt.text()) && !blobs.containsKey(prompt.name())) {
                    blobs.put(prompt.name(), Blob.of(prompt.text().getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        return blobs;
    }

    /** Jackson entry point: the same content as {@link #toCanonicalJson()}, validated with default limits. */
    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static Release fromJson(@JsonProperty("apiVersion") String apiVersion, @JsonProperty("agent") String agent,
                            @JsonProperty("code") CodePart code, @JsonProperty("model") ModelPart model,
                            @JsonProperty("prompts") List<Prompt> prompts, @JsonProperty("tools") List<Tool> tools,
                            @JsonProperty("index") IndexPart index) {
        return validated(apiVersion, agent, code, model, prompts, tools, index, ReleaseLimits.DEFAULT);
    }

    private static Release validated(String apiVersion, String agent, CodePart code, ModelPart model, List<Prompt> prompts,
                                     List<Tool> tools, IndexPart index, ReleaseLimits limits) {
        Violations violations = new Violations();
        if (!API_VERSION.equals(apiVersion)) {
            violations.add("apiVersion", apiVersion == null
                    ? "required: " + API_VERSION
                    : "unsupported apiVersion '" + apiVersion + "'; this Slipway reads " + API_VERSION);
        }
        Map<String, Blob> blobs = blobsOf(prompts);
        ReleaseValidator.validate(agent, code, model, prompts, tools, index, blobs, limits, false, violations);
        violations.throwIfAny();
        return new Release(agent, code, model, prompts, tools, index, blobs);
    }

    /**
     * Reads the full-content JSON written by {@link #toCanonicalJson()} (any key order or whitespace is accepted),
     * re-validates it with {@link ReleaseLimits#DEFAULT} and recomputes every digest from the content.
     *
     * @throws ReleaseValidationException when the JSON is malformed, has unknown fields or invalid content
     */
    public static Release fromCanonicalJson(String json) {
        return fromCanonicalJson(json, ReleaseLimits.DEFAULT);
    }

    public static Release fromCanonicalJson(String json, ReleaseLimits limits) {
        Document doc;
        try {
            doc = Json.JSON.readValue(json, Document.class);
        } catch (JsonMappingException e) {
            throw new ReleaseValidationException(Json.fieldOf(e, ""), Json.describe(e));
        } catch (JsonProcessingException e) {
            throw new ReleaseValidationException("release", "not valid JSON: " + Json.describe(e));
        }
        if (doc == null) {
            throw new ReleaseValidationException("release", "expected a JSON object");
        }
        return validated(doc.apiVersion(), doc.agent(), doc.code(), doc.model(), doc.prompts(), doc.tools(), doc.index(),
                limits);
    }

    /** The wire form of a release, for {@link #fromCanonicalJson(String)}. */
    private record Document(String apiVersion, String agent, CodePart code, ModelPart model, List<Prompt> prompts,
                            List<Tool> tools, IndexPart index) {
    }

    @JsonProperty("apiVersion")
    public String apiVersion() {
        return API_VERSION;
    }

    @JsonProperty("agent")
    public String agent() {
        return agent;
    }

    @JsonProperty("code")
    public CodePart code() {
        return code;
    }

    @JsonProperty("model")
    public ModelPart model() {
        return model;
    }

    /** Prompts sorted by name. */
    @JsonProperty("prompts")
    public List<Prompt> prompts() {
        return prompts;
    }

    /** Tools sorted by name. */
    @JsonProperty("tools")
    public List<Tool> tools() {
        return tools;
    }

    @JsonProperty("index")
    public IndexPart index() {
        return index;
    }

    /** The release digest, {@code sha256:<64 hex>}. */
    public String digest() {
        return digest;
    }

    /** The digest of each of the five parts. */
    public Map<Part, String> partDigests() {
        return partDigests;
    }

    public String partDigest(Part part) {
        return partDigests.get(Objects.requireNonNull(part, "part"));
    }

    /** The blob digest of one prompt's text, or null when the release has no prompt of that name. */
    public String promptDigest(String name) {
        Blob blob = blobs.get(name);
        return blob == null ? null : blob.digest();
    }

    /** The UTF-8 size of one prompt's text, or -1 when the release has no prompt of that name. */
    public long promptSize(String name) {
        Blob blob = blobs.get(name);
        return blob == null ? -1 : blob.size();
    }

    /** The full content (prompt texts and tool manifests inline) as RFC 8785 canonical JSON. */
    public String toCanonicalJson() {
        return CanonicalJson.of(this);
    }

    /** The canonical JSON document whose SHA-256 is the part's digest. */
    public String partCanonicalJson(Part part) {
        return switch (part) {
            case CODE -> CanonicalJson.of(code);
            case MODEL -> CanonicalJson.of(model);
            case PROMPTS -> CanonicalJson.of(promptsDocument());
            case TOOLS -> toolsCanonicalJson(Map.of());
            case INDEX -> CanonicalJson.of(index);
        };
    }

    /** The canonical JSON document whose SHA-256 is the release digest. */
    public String releaseCanonicalJson() {
        return CanonicalJson.of(releaseDocument());
    }

    private ObjectNode promptsDocument() {
        ObjectNode doc = NODES.objectNode();
        blobs.forEach((name, blob) -> doc.putObject(name).put("digest", blob.digest()).put("size", blob.size()));
        return doc;
    }

    /**
     * The tools part document: the canonical JSON array of the tools sorted by name. RFC 8785 writes an array as its
     * elements' canonical forms joined by commas, so each tool can be canonicalised on its own (and in parallel).
     */
    private String toolsCanonicalJson(Map<String, String> canonicalTools) {
        StringBuilder doc = new StringBuilder("[");
        for (Tool tool : tools) {
            if (doc.length() > 1) {
                doc.append(',');
            }
            String canonical = canonicalTools.get(tool.name());
            doc.append(canonical != null ? canonical : canonicalTool(tool));
        }
        return doc.append(']').toString();
    }

    /** One tool as Jackson would write the record, built on the schema node itself instead of an accessor copy. */
    static String canonicalTool(Tool tool) {
        ObjectNode node = NODES.objectNode();
        node.put("name", tool.name());
        node.put("description", tool.description());
        node.set("inputSchema", tool.inputSchemaView());
        ArrayNode scopes = node.putArray("scopes");
        tool.scopes().forEach(scopes::add);
        node.put("maxCallsPerTask", tool.maxCallsPerTask());
        return CanonicalJson.of(node);
    }

    private ObjectNode releaseDocument() {
        ObjectNode doc = NODES.objectNode();
        doc.put("apiVersion", API_VERSION);
        doc.put("agent", agent);
        ObjectNode parts = doc.putObject("parts");
        partDigests.forEach((part, partDigest) -> parts.put(part.key(), partDigest));
        return doc;
    }

    private static <T> List<T> sortedCopy(List<T> items, java.util.function.Function<T, String> name) {
        List<T> copy = new ArrayList<>(items);
        copy.sort(Comparator.comparing(name));
        return Collections.unmodifiableList(copy);
    }

    /** Releases are equal when their digests are: the digest covers the whole content. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Release that && digest.equals(that.digest);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "Release[agent=" + agent + ", digest=" + digest + "]";
    }
}
