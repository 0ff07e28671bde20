package dev.slipway.cli.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The local stack's alert inbox (a file sink of lineage-service: one page a line, the generic webhook document):
 * the demo waits for the page of an alert and prints it as the on-call sink received it.
 */
final class AlertInbox {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertInbox() {
    }

    /** The page of {@code alertId}, once it is in the inbox, waiting at most {@code patience}. */
    static Optional<JsonNode> awaitPage(Path inbox, String alertId, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        do {
            Optional<JsonNode> page = find(inbox, alertId);
            if (page.isPresent()) {
                return page;
            }
            try {
                Thread.sleep(200); // the page is written by another process; there is nothing to wait on but the file
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    static Optional<JsonNode> find(Path inbox, String alertId) {
        if (!Files.exists(inbox)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(inbox, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode page = JSON.readTree(line);
                    if (alertId.equals(page.path("alertId").asText())) {
                        return Optional.of(page);
                    }
                } catch (IOException e) {
                    // a line being written as we read: the next look sees it whole
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The page's text as a terminal shows it, at most {@code max} lines: the summary and both arms whole, then of the
     * diff the parts and the changed lines (not its headers).
     */
    static List<String> pageLines(JsonNode page, int max) {
        List<String> lines = new java.util.ArrayList<>();
        boolean inDiff = false;
        for (String line : page.path("text").asText().lines().toList()) {
            if (line.startsWith("what changed")) {
                inDiff = true;
                lines.add("what changed:");
            } else if (!inDiff || line.startsWith("== ") || line.startsWith("~ ") || line.startsWith("changed parts")
                    || (line.startsWith("+") && !line.startsWith("+++")) || (line.startsWith("-") && !line.startsWith("---"))) {
                lines.add(line);
            }
        }
        return lines.subList(0, Math.min(max, lines.size()));
    }
}
