package dev.slipway.lineage.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.events.Alert;

/**
 * One configured place pages go: {@code slipway.alerts.sinks=<name>,…}, then per name
 * {@code slipway.alerts.sink.<name>.kind} ({@code slack}, {@code alertmanager}, {@code webhook} or {@code file}) and
 * {@code .url} (the HTTP kinds: the full URL to POST to) or {@code .path} ({@code file}: pages are appended to it as
 * JSON lines, the generic webhook document — the local stack's inbox). Every HTTP page carries an
 * {@code Idempotency-Key} header ({@code <alert id>/<sink>}), the same on every retry and after a restart.
 */
public record AlertSink(String name, Kind kind, URI url, Path file) {

    public enum Kind {
        SLACK, ALERTMANAGER, WEBHOOK, FILE
    }

    /** An attempt's result: the HTTP status (-1: no answer), the server's Retry-After, what went wrong. */
    public record Attempt(int status, Duration retryAfter, String error) {
    }

    /** The sinks the configuration names, each checked: an unknown kind or a missing URL stops the service. */
    public static List<AlertSink> fromConfig(String names, Function<String, Optional<String>> property) {
        List<AlertSink> sinks = new ArrayList<>();
        for (String raw : names.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            String prefix = "slipway.alerts.sink." + name + ".";
            String kindName = property.apply(prefix + "kind").orElseThrow(() -> new IllegalArgumentException(
                    prefix + "kind is not set: say slack, alertmanager, webhook or file"));
            Kind kind;
            try {
                kind = Kind.valueOf(kindName.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(prefix + "kind is '" + kindName
                        + "': say slack, alertmanager, webhook or file", e);
            }
            if (kind == Kind.FILE) {
                String path = property.apply(prefix + "path").orElseThrow(() -> new IllegalArgumentException(
                        prefix + "path is not set: the file pages are appended to"));
                sinks.add(new AlertSink(name, kind, null, Path.of(path)));
            } else {
                String url = property.apply(prefix + "url").orElseThrow(() -> new IllegalArgumentException(
                        prefix + "url is not set: the URL pages are posted to"));
                URI uri = URI.create(url.trim());
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    throw new IllegalArgumentException(prefix + "url must be http:// or https://, got " + url);
                }
                sinks.add(new AlertSink(name, kind, uri, null));
            }
        }
        return sinks;
    }

    /** The page this sink takes. */
    public JsonNode page(Alert alert, String idempotencyKey) {
        return switch (kind) {
            case SLACK -> AlertPages.slack(alert);
            case ALERTMANAGER -> AlertPages.alertmanager(alert);
            case WEBHOOK, FILE -> AlertPages.webhook(alert, idempotencyKey);
        };
    }

    /** One attempt at delivering {@code alert}. */
    public Attempt send(HttpClient http, Duration timeout, Alert alert, String idempotencyKey) {
        String body = page(alert, idempotencyKey).toString();
        if (kind == Kind.FILE) {
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
                Files.writeString(file, body + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                return new Attempt(200, null, null);
            } catch (IOException e) {
                return new Attempt(-1, null, "cannot append to " + file + ": " + e.getMessage());
            }
        }
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Duration retryAfter = response.headers().firstValue("Retry-After").flatMap(AlertSink::seconds).orElse(null);
            return new Attempt(response.statusCode(), retryAfter, response.statusCode() / 100 == 2 ? null
                    : "HTTP " + response.statusCode() + " " + abbreviate(response.body()));
        } catch (IOException e) {
            return new Attempt(-1, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                    + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(-1, null, "interrupted");
        }
    }

    private static Optional<Duration> seconds(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }

    @Override
    public String toString() {
        return name + " (" + kind.name().toLowerCase(Locale.ROOT) + " " + (file != null ? file : url) + ")";
    }
}
