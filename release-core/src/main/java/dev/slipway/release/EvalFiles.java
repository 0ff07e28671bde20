package dev.slipway.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Parsing eval suite and eval results files, collecting every problem. */
final class EvalFiles {

    static final Set<String> SUITE_FIELDS = Set.of("name", "passScore", "graders", "cases");
    static final Set<String> GRADER_FIELDS = Set.of("field", "weight", "match");
    static final Set<String> CASE_FIELDS = Set.of("id", "input", "expected");
    static final Set<String> RESULTS_FIELDS = Set.of("suiteDigest", "scores");
    static final Set<String> SCORE_FIELDS = Set.of("caseId", "score");
    static final Pattern CASE_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");

    private EvalFiles() {
    }

    static EvalSuite suite(String fileName, byte[] content, String field, Violations out) {
        return suite(fileName, content, field, ReleaseLimits.DEFAULT.maxFileBytes(), out);
    }

    /** The suite, or null after reporting every problem. */
    static EvalSuite suite(String fileName, byte[] content, String field, long maxBytes, Violations out) {
        int before = size(out);
        ObjectNode root = fileName.endsWith(".jsonl") ? jsonLines(fileName, content, field, maxBytes, out)
                : Tree.parseObject(fileName, content, field, maxBytes, out);
        if (root == null) {
            return null;
        }
        String where = " (in " + fileName + ")";
        Tree.onlyKnown(root, field, SUITE_FIELDS, where, out);
        List<EvalGrader> graders = graders(root.get("graders"), field + ".graders", where, out);
        String name = Tree.string(root, "name", field, true, out);
        if (name != null && !CASE_ID.matcher(name).matches()) {
            out.add(field + ".name", "'" + name + "' must be lowercase: a-z, 0-9, '.', '_', '-'");
        }
        Double passScore = Tree.number(root, "passScore", field, true, out);
        if (passScore != null && !(passScore >= 0 && passScore <= 1)) {
            out.add(field + ".passScore", "must be between 0 and 1, was " + passScore);
        }
        List<EvalCase> cases = new ArrayList<>();
        JsonNode casesNode = root.get("cases");
        if (casesNode == null || !casesNode.isArray() || casesNode.isEmpty()) {
            out.add(field + ".cases", "a suite needs a non-empty list of cases");
        } else {
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < casesNode.size(); i++) {
                String at = field + ".cases[" + i + "]";
                ObjectNode c = Tree.object(casesNode.get(i), at, out);
                if (c == null) {
                    continue;
                }
                Tree.onlyKnown(c, at, CASE_FIELDS, where, out);
                String id = Tree.string(c, "id", at, true, out);
                if (id != null) {
                    if (!CASE_ID.matcher(id).matches()) {
                        out.add(at + ".id", "'" + id + "' must be lowercase: a-z, 0-9, '.', '_', '-'");
                    } else if (seen.putIfAbsent(id, i) != null) {
                        out.add(at + ".id", "duplicate case id '" + id + "' (also cases[" + seen.get(id) + "])");
                    }
                }
                JsonNode input = c.get("input");
                JsonNode expected = c.get("expected");
                if (input == null || input.isNull()) {
                    out.add(at + ".input", "required");
                } else if (ReleaseValidator.iJsonProblem(input) != null) {
                    out.add(at + ".input", ReleaseValidator.iJsonProblem(input));
                }
                if (expected == null || expected.isNull()) {
                    out.add(at + ".expected", "required");
                } else if (ReleaseValidator.iJsonProblem(expected) != null) {
                    out.add(at + ".expected", ReleaseValidator.iJsonProblem(expected));
                }
                cases.add(new EvalCase(id, input, expected));
            }
        }
        if (size(out) > before) {
            return null;
        }
        return new EvalSuite(name, CanonicalJson.digest(root), passScore, cases, graders);
    }

    /**
     * A suite as JSON lines: the first line holds the suite's own fields ({@code name}, {@code passScore},
     * {@code graders}), every further non-blank line one case. Assembled into the same tree as the YAML or JSON form,
     * so the same suite has the same digest in every form.
     */
    private static ObjectNode jsonLines(String fileName, byte[] content, String field, long maxBytes, Violations out) {
        if (content.length > maxBytes) {
            out.add(field, "'" + fileName + "' is " + content.length + " bytes, over the limit of " + maxBytes + " bytes");
            return null;
        }
        String text;
        try {
            text = Text.decodeUtf8(content);
        } catch (java.nio.charset.CharacterCodingException e) {
            out.add(field, "'" + fileName + "' is not valid UTF-8");
            return null;
        }
        ObjectNode root = null;
        com.fasterxml.jackson.databind.node.ArrayNode cases = null;
        String[] lines = text.split("\r?\n", -1);
        int before = size(out);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String line = "line " + (i + 1);
            JsonNode node = Tree.parse(fileName.replaceAll("\\.jsonl$", ".json"), lines[i].getBytes(StandardCharsets.UTF_8),
                    root == null ? field : field + ".cases[" + cases.size() + "]", maxBytes, out);
            if (node == null) {
                continue;
            }
            if (!node.isObject()) {
                out.add(root == null ? field : field + ".cases[" + cases.size() + "]", line + " of '" + fileName
                        + "' must be a JSON object");
                continue;
            }
            if (root == null) {
                root = (ObjectNode) node;
                if (root.has("cases")) {
                    out.add(field + ".cases", line + " of '" + fileName + "': the cases follow the first line, one per line");
                }
                cases = root.putArray("cases");
            } else {
                cases.add(node);
            }
        }
        if (root == null && size(out) == before) {
            out.add(field, "'" + fileName + "' is empty: its first line names the suite, the next lines are its cases");
        }
        return size(out) > before ? null : root;
    }

    private static List<EvalGrader> graders(JsonNode node, String field, String where, Violations out) {
        List<EvalGrader> graders = new ArrayList<>();
        if (node == null || node.isNull()) {
            return graders;
        }
        if (!node.isArray() || node.isEmpty()) {
            out.add(field, "must be a non-empty list of {field, weight, match}, or left out");
            return graders;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < node.size(); i++) {
            String at = field + "[" + i + "]";
            ObjectNode g = Tree.object(node.get(i), at, out);
            if (g == null) {
                continue;
            }
            Tree.onlyKnown(g, at, GRADER_FIELDS, where, out);
            String name = Tree.string(g, "field", at, true, out);
            Double weight = g.has("weight") ? Tree.number(g, "weight", at, true, out) : Double.valueOf(1);
            String match = g.has("match") ? Tree.string(g, "match", at, true, out) : "exact";
            if (weight != null && !(weight > 0 && weight <= 1_000)) {
                out.add(at + ".weight", "must be above 0 (and at most 1000), was " + weight);
                weight = null;
            }
            EvalGrader.Match kind = null;
            if (match != null) {
                try {
                    kind = EvalGrader.Match.valueOf(match.toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    out.add(at + ".match", "must be exact, normalised or contains, was '" + match + "'");
                }
            }
            if (name != null && seen.putIfAbsent(name, i) != null) {
                out.add(at + ".field", "field '" + name + "' is graded twice (also graders[" + seen.get(name) + "])");
            } else if (name != null && weight != null && kind != null) {
                graders.add(new EvalGrader(name, weight, kind));
            }
        }
        return graders;
    }

    static EvalResults results(String fileName, byte[] content, String field, Violations out) {
        return results(fileName, content, field, ReleaseLimits.DEFAULT.maxFileBytes(), out);
    }

    /** The results, or null after reporting every problem. */
    static EvalResults results(String fileName, byte[] content, String field, long maxBytes, Violations out) {
        int before = size(out);
        ObjectNode root = Tree.parseObject(fileName, content, field, maxBytes, out);
        if (root == null) {
            return null;
        }
        String where = " (in " + fileName + ")";
        Tree.onlyKnown(root, field, RESULTS_FIELDS, where, out);
        String suiteDigest = Tree.string(root, "suiteDigest", field, true, out);
        if (suiteDigest != null && !Digests.isSha256(suiteDigest)) {
            out.add(field + ".suiteDigest", "'" + suiteDigest + "' is not sha256:<64 lowercase hex>");
        }
        List<EvalResults.CaseScore> scores = new ArrayList<>();
        JsonNode scoresNode = root.get("scores");
        if (scoresNode == null || !scoresNode.isArray()) {
            out.add(field + ".scores", "required: a list of {caseId, score}");
        } else {
            for (int i = 0; i < scoresNode.size(); i++) {
                String at = field + ".scores[" + i + "]";
                ObjectNode s = Tree.object(scoresNode.get(i), at, out);
                if (s == null) {
                    continue;
                }
                Tree.onlyKnown(s, at, SCORE_FIELDS, where, out);
                String caseId = Tree.string(s, "caseId", at, true, out);
                Double score = Tree.number(s, "score", at, true, out);
                if (score != null && !(score >= 0 && score <= 1)) {
                    out.add(at + ".score", "must be between 0 and 1, was " + score);
                }
                scores.add(new EvalResults.CaseScore(caseId, score == null ? Double.NaN : score));
            }
        }
        if (size(out) > before) {
            return null;
        }
        return new EvalResults(suiteDigest, scores);
    }

    private static int size(Violations out) {
        return out.size();
    }
}
