package dev.slipway.examples.triage.traffic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A ticket of the traffic corpus and the triage a senior engineer gave it (the ground truth that grades a run). */
public record Ticket(String subject, String body, String category, String priority) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The corpus shipped with the sample ({@code tickets.jsonl}). */
    public static List<Ticket> corpus() {
        try (InputStream in = Ticket.class.getResourceAsStream("/tickets.jsonl")) {
            if (in == null) {
                throw new IllegalStateException("tickets.jsonl is not on the class path");
            }
            List<Ticket> tickets = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    JsonNode t = JSON.readTree(line);
                    tickets.add(new Ticket(t.path("subject").asText(), t.path("body").asText(),
                            t.at("/expected/category").asText(), t.at("/expected/priority").asText()));
                }
            }
            return List.copyOf(tickets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The task input the worker sees: subject and body, not the expected answer. */
    public ObjectNode input() {
        return JSON.createObjectNode().put("subject", subject).put("body", body);
    }

    /** Right when both the category and the priority match. */
    public boolean gradedRight(JsonNode answer) {
        return category.equals(answer.path("category").asText()) && priority.equals(answer.path("priority").asText());
    }
}
