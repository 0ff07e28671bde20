package dev.slipway.cli.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.cli.Styles;

/** Text renderings of the builder's JSON views. Tolerant: a field the builder leaves out is simply not shown. */
public final class ReleaseRenderer {

    private static final List<String> PARTS = List.of("code", "model", "prompts", "tools", "index");

    private final Styles s;

    public ReleaseRenderer(Styles styles) {
        this.s = styles;
    }

    /** A ReleaseView as an indented summary. */
    public List<String> release(JsonNode v) {
        List<String> lines = new ArrayList<>();
        lines.add(s.bold("release " + text(v, "digest")));
        row(lines, "agent", text(v, "agent"));
        List<String> labels = strings(v.path("labels"));
        row(lines, "labels", labels.isEmpty() ? "(none)" : String.join(", ", labels));
        String built = join(" ", text(v, "builtAt"), v.hasNonNull("builtBy") ? "by " + text(v, "builtBy") : "");
        row(lines, "built", built);

        JsonNode code = v.path("code");
        if (code.isObject()) {
            row(lines, "code", join(" ", text(code, "repository"), code.hasNonNull("commit") ? "@ " + text(code, "commit") : "",
                    code.hasNonNull("image") ? "image " + text(code, "image") : ""));
        }
        JsonNode model = v.path("model");
        if (model.isObject()) {
            row(lines, "model", join(" ", text(model, "provider"), text(model, "name"),
                    model.hasNonNull("snapshot") ? "snapshot " + text(model, "snapshot") : ""));
        }
        JsonNode prompts = v.path("prompts");
        if (prompts.isArray()) {
            List<String> ps = new ArrayList<>();
            for (JsonNode p : prompts) {
                ps.add(join(" ", text(p, "name"), p.has("sizeBytes") ? "(" + p.path("sizeBytes").asLong() + " B)" : ""));
            }
            row(lines, "prompts", ps.isEmpty() ? "(none)" : String.join(", ", ps));
        }
        JsonNode tools = v.path("tools");
        if (tools.isArray()) {
            List<String> ts = new ArrayList<>();
            for (JsonNode t : tools) {
                List<String> scopes = strings(t.path("scopes"));
                ts.add(join(" ", text(t, "name"), scopes.isEmpty() ? "" : "[" + String.join(" ", scopes) + "]",
                        t.hasNonNull("maxCallsPerTask") ? "max " + t.path("maxCallsPerTask").asText() + "/task" : ""));
            }
            row(lines, "tools", ts.isEmpty() ? "(none: deny all)" : String.join(", ", ts));
        }
        JsonNode index = v.path("index");
        if (index.isObject() && index.size() > 0) {
            List<String> fields = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : iterable(index)) {
                fields.add(e.getKey() + "=" + (e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString()));
            }
            row(lines, "index", String.join(" ", fields));
        }
        JsonNode eval = v.path("evaluation");
        if (eval.isObject()) {
            row(lines, "evaluation", evaluation(eval));
        }
        JsonNode sig = v.path("signature");
        if (sig.isObject()) {
            row(lines, "signature", join(" ", text(sig, "algorithm"), sig.hasNonNull("keyId") ? "key " + text(sig, "keyId") : ""));
        }
        JsonNode parts = v.path("parts");
        if (parts.isObject()) {
            lines.add("  parts");
            for (String part : PARTS) {
                if (parts.hasNonNull(part)) {
                    lines.add(String.format("    %-8s %s", part, parts.path(part).asText()));
                }
            }
            for (Map.Entry<String, JsonNode> e : iterable(parts)) {
                if (!PARTS.contains(e.getKey())) {
                    lines.add(String.format("    %-8s %s", e.getKey(), e.getValue().asText()));
                }
            }
        }
        return lines;
    }

    private String evaluation(JsonNode eval) {
        String verdict = text(eval, "verdict");
        String coloured = verdict == null ? "" : switch (verdict.toUpperCase(java.util.Locale.ROOT)) {
            case "PASSED", "PASS" -> s.green(verdict);
            case "FAILED", "FAIL", "ERROR" -> s.red(verdict);
            default -> s.yellow(verdict);
        };
        int cases = 0;
        int passed = 0;
        for (JsonNode c : eval.path("cases")) {
            cases++;
            if (c.path("passed").asBoolean()) {
                passed++;
            }
        }
        return join(" ", text(eval, "suite"),
                eval.hasNonNull("score") ? "score " + eval.path("score").asText() : "",
                eval.hasNonNull("threshold") ? "(threshold " + eval.path("threshold").asText() + ")" : "",
                coloured,
                cases > 0 ? passed + "/" + cases + " cases passed" : "");
    }

    /** A diff: the builder's text (it names both digests and the changed parts) with - red, + green, headers bold. */
    public List<String> diff(JsonNode d) {
        List<String> lines = new ArrayList<>();
        List<String> changed = strings(d.path("changedParts"));
        String text = text(d, "text");
        if (changed.isEmpty() || text == null || text.isBlank()) {
            lines.add(s.bold("diff " + text(d, "fromDigest") + " → " + text(d, "toDigest")));
            lines.add(changed.isEmpty() ? "no differences: same content, same digest"
                    : "changed parts: " + String.join(", ", changed));
            return lines;
        }
        for (String line : text.split("\\R", -1)) {
            lines.add(diffLine(line));
        }
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    String diffLine(String line) {
        if (line.startsWith("+++") || line.startsWith("---")) {
            return s.bold(line);
        }
        if (line.startsWith("@@")) {
            return s.cyan(line);
        }
        if (line.startsWith("+")) {
            return s.green(line);
        }
        if (line.startsWith("-")) {
            return s.red(line);
        }
        if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
            // not a context line: a part header such as "prompts" or "== TOOLS =="
            return s.bold(line);
        }
        return line;
    }

    /** The verification of a release: content, signature, trust. */
    public List<String> verification(JsonNode v) {
        List<String> lines = new ArrayList<>();
        lines.add(s.bold("verification " + text(v, "digest")));
        lines.add("  content matches digest  " + yesNo(v.path("contentMatchesDigest").asBoolean()));
        lines.add("  signature valid         " + yesNo(v.path("signatureValid").asBoolean()));
        lines.add("  signing key             " + (v.hasNonNull("keyId") ? text(v, "keyId") : "?") + " "
                + (v.path("trusted").asBoolean() ? s.green("(trusted)") : s.red("(NOT trusted)")));
        lines.add(verified(v) ? s.green("verified") : s.red("NOT verified: do not run this release"));
        return lines;
    }

    static boolean verified(JsonNode v) {
        return v.path("contentMatchesDigest").asBoolean() && v.path("signatureValid").asBoolean() && v.path("trusted").asBoolean();
    }

    /** One page of an agent's releases, newest first. */
    public List<String> list(String agent, JsonNode page) {
        List<String> lines = new ArrayList<>();
        long total = page.path("total").asLong(0);
        int size = Math.max(1, page.path("size").asInt(20));
        int number = page.path("page").asInt(0);
        long pages = Math.max(1, (total + size - 1) / size);
        lines.add(s.bold(agent + ": " + total + " release" + (total == 1 ? "" : "s")) + " (page " + number + " of 0.." + (pages - 1) + ", newest first)");
        for (JsonNode r : page.path("items")) {
            List<String> labels = strings(r.path("labels"));
            String verdict = text(r.path("evaluation"), "verdict");
            lines.add(join("  ", text(r, "digest"), text(r, "builtAt"),
                    verdict == null ? "" : verdict, labels.isEmpty() ? "" : s.cyan(String.join(",", labels))));
        }
        return lines;
    }

    private static void row(List<String> lines, String key, String value) {
        if (value != null && !value.isBlank()) {
            lines.add(String.format("  %-11s%s", key, value));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.isMissingNode() ? null : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.asText());
        }
        return out;
    }

    private static String join(String sep, String... parts) {
        List<String> kept = new ArrayList<>();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                kept.add(p);
            }
        }
        return String.join(sep, kept);
    }

    private String yesNo(boolean b) {
        return b ? s.green("yes") : s.red("NO");
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        return object::fields;
    }
}
