package dev.slipway.examples.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * The "model" behind the simulated provider: a deterministic support-triage classifier that reads the ticket and,
 * like a real model, follows instructions in the prompts it is given. Enough to make releases behave differently
 * in ways a canary can measure, without calling any real model:
 * <ul>
 * <li>category and priority from the ticket's words (what a senior engineer would choose, most of the time);</li>
 * <li>a per-snapshot error rate: that share of tickets, chosen by a hash of seed, snapshot and ticket, gets a wrong
 * priority;</li>
 * <li>a prompt that says to mark every ticket urgent makes it do exactly that, and one that says so of every billing
 * ticket does it to those (the demo's regressing prompt);</li>
 * <li>a ticket asking to "keep searching" makes it ask for the {@code search_kb} tool again and again (the demo's
 * runaway loop).</li>
 * </ul>
 * The answer is JSON: {@code {"tool":"search_kb","arguments":{...}}} to call a tool, or
 * {@code {"category":…,"priority":…,"summary":…}}.
 */
public final class TriageModel {

    private final long seed;

    public TriageModel(long seed) {
        this.seed = seed;
    }

    /** One message of the conversation, as the chat-completions API carries it. */
    public record Message(String role, String content) {
    }

    public String answer(String snapshot, double errorRate, List<Message> messages) {
        String prompts = messages.stream().filter(m -> m.role().equals("system")).map(Message::content)
                .reduce("", (a, b) -> a + "\n" + b).toLowerCase(Locale.ROOT);
        String ticket = messages.stream().filter(m -> m.role().equals("user")).map(Message::content).findFirst()
                .orElse("").toLowerCase(Locale.ROOT);
        long toolResults = messages.stream().filter(m -> m.role().equals("tool") || m.content().startsWith("tool result"))
                .count();
        if (ticket.contains("keep searching") || (toolResults == 0 && ticket.contains("how do i"))) {
            return "{\"tool\":\"search_kb\",\"arguments\":{\"query\":\"" + firstWords(ticket) + "\"}}";
        }
        String category = category(ticket);
        String priority = priority(ticket, category);
        if (prompts.contains("every ticket as urgent") || prompts.contains("every ticket urgent")
                || (category.equals("billing") && prompts.contains("every billing ticket as urgent"))) {
            priority = "urgent";
        } else if (unit(snapshot, ticket) < errorRate) {
            priority = priority.equals("urgent") ? "normal" : "urgent";
        }
        return "{\"category\":\"" + category + "\",\"priority\":\"" + priority + "\",\"summary\":\"Customer reports: "
                + firstWords(ticket) + "\"}";
    }

    static String category(String t) {
        if (has(t, "leak", "compromis", "hacked", "unknown admin", "public repo", "disable mfa", "phishing",
                "none of us created", "we have not given anyone access")) {
            return "security";
        }
        if (has(t, "left the company", "former employee", "user who left")) {
            return "account";
        }
        if (has(t, "charged", "invoice", "refund", "payment", "billing", "plan change", "vat", "receipt")) {
            return "billing";
        }
        if (has(t, "password", "sign in", "login", "log in", "invite", "sso", "user management", "organisation")) {
            return "account";
        }
        if (has(t, "would be nice", "feature", "could you add", "please support", "wish", "would love", "dark mode",
                "dark theme")) {
            return "feature-request";
        }
        return "technical";
    }

    static String priority(String t, String category) {
        if (category.equals("security") || has(t, "down", "unreachable", "outage", "data loss", "refuses connections",
                "production is down", "production is broken", "all our customers")) {
            return "urgent";
        }
        if (has(t, "degraded", "slow", "timeouts", "blocked")) {
            return "high";
        }
        if (category.equals("feature-request") || has(t, "how do i", "question", "cosmetic",
                "corrected invoice")) {
            return "low";
        }
        return "normal";
    }

    private static boolean has(String text, String... words) {
        for (String w : words) {
            if (text.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private static String firstWords(String ticket) {
        String clean = ticket.replaceAll("[^a-z0-9 ]", " ").replaceAll("\\s+", " ").trim();
        return clean.length() > 60 ? clean.substring(0, 60) : clean;
    }

    /** A number in [0, 1) fixed by the seed, the snapshot and the ticket. */
    private double unit(String snapshot, String ticket) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((seed + "|" + snapshot + "|" + ticket).getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < 7; i++) {
                bits = (bits << 8) | (h[i] & 0xff);
            }
            return bits / (double) (1L << 56);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
