package dev.slipway.release;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What changed between two releases, part by part. Parts are compared by digest first, so an unchanged part costs
 * nothing; changed prompts carry a unified line diff.
 *
 * @param fromDigest   the baseline release
 * @param toDigest     the candidate release
 * @param changedParts parts whose digests differ
 * @param changes      one entry per changed part, in {@link Part} order
 */
public record ReleaseDiff(String fromDigest, String toDigest, Set<Part> changedParts, List<Change> changes) {

    /** Lines of context around each change in a unified diff. */
    public static final int CONTEXT_LINES = 3;

    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String CYAN = "\u001b[36m";
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";

    public ReleaseDiff {
        changedParts = changedParts.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(Part.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(changedParts));
        changes = List.copyOf(changes);
    }

    public static ReleaseDiff between(Release from, Release to) {
        Set<Part> changed = EnumSet.noneOf(Part.class);
        List<Change> changes = new ArrayList<>();
        for (Part part : Part.values()) {
            if (!from.partDigest(part).equals(to.partDigest(part))) {
                changed.add(part);
                changes.add(switch (part) {
                    case CODE -> code(from.code(), to.code());
                    case MODEL -> model(from.model(), to.model());
                    case PROMPTS -> prompts(from, to);
                    case TOOLS -> tools(from.tools(), to.tools());
                    case INDEX -> index(from.index(), to.index());
                });
            }
        }
        return new ReleaseDiff(from.digest(), to.digest(), changed, changes);
    }

    /** True when both releases have the same digest. */
    @JsonIgnore
    public boolean isEmpty() {
        return changedParts.isEmpty();
    }

    private static Change.CodeChange code(CodePart from, CodePart to) {
        List<Change.FieldChange> fields = new ArrayList<>();
        field(fields, "repository", from.repository(), to.repository());
        field(fields, "commit", from.commit(), to.commit());
        field(fields, "image", from.image(), to.image());
        return new Change.CodeChange(fields);
    }

    private static Change.ModelChange model(ModelPart from, ModelPart to) {
        List<Change.FieldChange> fields = new ArrayList<>();
        field(fields, "provider", from.provider(), to.provider());
        field(fields, "name", from.name(), to.name());
        field(fields, "snapshot", from.snapshot(), to.snapshot());
        for (String provider : union(from.pricing().keySet(), to.pricing().keySet())) {
            ModelPrice x = from.pricing().get(provider);
            ModelPrice y = to.pricing().get(provider);
            field(fields, "pricing." + provider, x == null ? null : CanonicalJson.of(x), y == null ? null : CanonicalJson.of(y));
        }
        Map<String, String> a = from.parametersAsCanonicalJson();
        Map<String, String> b = to.parametersAsCanonicalJson();
        List<Change.ParameterChange> parameters = new ArrayList<>();
        for (String name : union(a.keySet(), b.keySet())) {
            String x = a.get(name);
            String y = b.get(name);
            if (x == null) {
                parameters.add(new Change.ParameterChange(name, Change.Kind.ADDED, null, y));
            } else if (y == null) {
                parameters.add(new Change.ParameterChange(name, Change.Kind.REMOVED, x, null));
            } else if (!x.equals(y)) {
                parameters.add(new Change.ParameterChange(name, Change.Kind.CHANGED, x, y));
            }
        }
        return new Change.ModelChange(fields, parameters);
    }

    private static Change.PromptsChange prompts(Release from, Release to) {
        Map<String, Prompt> a = byName(from.prompts(), Prompt::name);
        Map<String, Prompt> b = byName(to.prompts(), Prompt::name);
        List<Change.PromptChange> prompts = new ArrayList<>();
        for (String name : union(a.keySet(), b.keySet())) {
            String x = from.promptDigest(name);
            String y = to.promptDigest(name);
            if (x == null) {
                prompts.add(new Change.PromptChange(name, Change.Kind.ADDED, null, y, List.of()));
            } else if (y == null) {
                prompts.add(new Change.PromptChange(name, Change.Kind.REMOVED, x, null, List.of()));
            } else if (!x.equals(y)) {
                prompts.add(new Change.PromptChange(name, Change.Kind.CHANGED, x, y,
                        unifiedDiff("prompts/" + name, a.get(name).text(), b.get(name).text())));
            }
        }
        return new Change.PromptsChange(prompts);
    }

    private static Change.ToolsChange tools(List<Tool> from, List<Tool> to) {
        Map<String, Tool> a = byName(from, Tool::name);
        Map<String, Tool> b = byName(to, Tool::name);
        List<Change.ToolChange> tools = new ArrayList<>();
        for (String name : union(a.keySet(), b.keySet())) {
            Tool x = a.get(name);
            Tool y = b.get(name);
            if (x == null) {
                tools.add(new Change.ToolChange(name, Change.Kind.ADDED, y.scopes(), List.of(), null, y.maxCallsPerTask(),
                        null, List.of()));
            } else if (y == null) {
                tools.add(new Change.ToolChange(name, Change.Kind.REMOVED, List.of(), x.scopes(), x.maxCallsPerTask(), null,
                        null, List.of()));
            } else if (!CanonicalJson.of(x).equals(CanonicalJson.of(y))) {
                List<String> added = new ArrayList<>(y.scopes());
                added.removeAll(x.scopes());
                List<String> removed = new ArrayList<>(x.scopes());
                removed.removeAll(y.scopes());
                boolean limitChanged = x.maxCallsPerTask() != y.maxCallsPerTask();
                Change.FieldChange description = x.description().equals(y.description())
                        ? null : new Change.FieldChange("description", x.description(), y.description());
                String schemaX = pretty(x.inputSchemaView());
                String schemaY = pretty(y.inputSchemaView());
                List<String> schemaDiff = schemaX.equals(schemaY)
                        ? List.of() : unifiedDiff("tools/" + name + "/inputSchema", schemaX, schemaY);
                tools.add(new Change.ToolChange(name, Change.Kind.CHANGED, added, removed,
                        limitChanged ? x.maxCallsPerTask() : null, limitChanged ? y.maxCallsPerTask() : null,
                        description, schemaDiff));
            }
        }
        return new Change.ToolsChange(tools);
    }

    private static Change.IndexChange index(IndexPart from, IndexPart to) {
        List<Change.FieldChange> fields = new ArrayList<>();
        field(fields, "corpus", from.corpus(), to.corpus());
        field(fields, "buildId", from.buildId(), to.buildId());
        field(fields, "buildDigest", from.buildDigest(), to.buildDigest());
        field(fields, "embeddingModel", from.embeddingModel(), to.embeddingModel());
        return new Change.IndexChange(fields);
    }

    private static void field(List<Change.FieldChange> fields, String name, String from, String to) {
        if (!Objects.equals(from, to)) {
            fields.add(new Change.FieldChange(name, from, to));
        }
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        SortedMap<String, T> map = new TreeMap<>();
        items.forEach(item -> map.put(name.apply(item), item));
        return map;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** A canonical schema, pretty-printed with sorted keys so a line diff is readable and stable. */
    private static String pretty(JsonNode node) {
        try {
            JsonNode canonical = Json.JSON.readTree(CanonicalJson.of(node));
            return Json.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(canonical);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("canonical JSON must parse", e);
        }
    }

    /** Unified diff of two texts by line; a changed final newline or line ending is a changed line too. */
    static List<String> unifiedDiff(String name, String from, String to) {
        List<String> a = lines(from);
        List<String> b = lines(to);
        Patch<String> patch = DiffUtils.diff(a, b);
        return UnifiedDiffUtils.generateUnifiedDiff("a/" + name, "b/" + name, a, patch, CONTEXT_LINES);
    }

    private static List<String> lines(String text) {
        // Keep a trailing empty line and any '\r', so whitespace-only edits still show as changed lines.
        return Arrays.asList(text.split("\n", -1));
    }

    /** A readable report: a header per changed part; removed lines red, added lines green when colour is on. */
    public String render(boolean ansiColour) {
        Renderer r = new Renderer(ansiColour);
        r.line(r.bold("release " + fromDigest + " → " + toDigest));
        if (isEmpty()) {
            r.line("no changes: the releases are identical");
            return r.toString();
        }
        r.line("changed parts: " + String.join(", ", changedParts.stream().map(Part::key).toList()));
        for (Change change : changes) {
            r.line("");
            r.line(r.bold("== " + change.part().key() + " =="));
            if (change instanceof Change.CodeChange c) {
                c.fields().forEach(r::field);
            } else if (change instanceof Change.IndexChange c) {
                c.fields().forEach(r::field);
            } else if (change instanceof Change.ModelChange c) {
                c.fields().forEach(r::field);
                for (Change.ParameterChange p : c.parameters()) {
                    r.pair("parameters." + p.name(), p.from(), p.to());
                }
            } else if (change instanceof Change.PromptsChange c) {
                c.prompts().forEach(r::prompt);
            } else if (change instanceof Change.ToolsChange c) {
                c.tools().forEach(r::tool);
            }
        }
        return r.toString();
    }

    private static final class Renderer {
        private final boolean colour;
        private final StringBuilder out = new StringBuilder();

        Renderer(boolean colour) {
            this.colour = colour;
        }

        void line(String text) {
            out.append(text).append('\n');
        }

        String bold(String text) {
            return colour ? BOLD + text + RESET : text;
        }

        void minus(String text) {
            line(colour ? RED + "-" + text + RESET : "-" + text);
        }

        void plus(String text) {
            line(colour ? GREEN + "+" + text + RESET : "+" + text);
        }

        void field(Change.FieldChange f) {
            pair(f.field(), f.from(), f.to());
        }

        void pair(String name, String from, String to) {
            if (from != null) {
                minus(" " + name + ": " + from);
            }
            if (to != null) {
                plus(" " + name + ": " + to);
            }
        }

        void prompt(Change.PromptChange p) {
            switch (p.kind()) {
                case ADDED -> plus(" prompt " + p.name() + " " + p.toDigest());
                case REMOVED -> minus(" prompt " + p.name() + " " + p.fromDigest());
                case CHANGED -> {
                    line("~ prompt " + p.name() + " " + p.fromDigest() + " → " + p.toDigest());
                    diff(p.unifiedDiff());
                }
            }
        }

        void tool(Change.ToolChange t) {
            switch (t.kind()) {
                case ADDED -> plus(" tool " + t.name() + " scopes=" + t.scopesAdded() + " maxCallsPerTask=" + t.toMaxCallsPerTask());
                case REMOVED -> minus(" tool " + t.name() + " scopes=" + t.scopesRemoved() + " maxCallsPerTask=" + t.fromMaxCallsPerTask());
                case CHANGED -> {
                    line("~ tool " + t.name());
                    t.scopesRemoved().forEach(s -> minus(" scope " + s));
                    t.scopesAdded().forEach(s -> plus(" scope " + s));
                    if (t.fromMaxCallsPerTask() != null) {
                        pair("maxCallsPerTask", t.fromMaxCallsPerTask().toString(), t.toMaxCallsPerTask().toString());
                    }
                    if (t.description() != null) {
                        field(t.description());
                    }
                    diff(t.inputSchemaDiff());
                }
            }
        }

        void diff(List<String> unified) {
            for (String l : unified) {
                if (l.startsWith("---") || l.startsWith("+++")) {
                    line(bold(l));
                } else if (l.startsWith("@@")) {
                    line(colour ? CYAN + l + RESET : l);
                } else if (l.startsWith("-")) {
                    minus(l.substring(1));
                } else if (l.startsWith("+")) {
                    plus(l.substring(1));
                } else {
                    line(l);
                }
            }
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
