package dev.slipway.examples.triage;

import java.util.List;
import java.util.Locale;

/** The search_kb tool of the sample: a few canned articles, matched by words. Stands in for a real index. */
final class KnowledgeBase {

    record Article(String id, String title) {
    }

    private static final List<Article> ARTICLES = List.of(
            new Article("kb-101", "Duplicate charges and how refunds are issued"),
            new Article("kb-204", "Connection slots exhausted on managed Postgres"),
            new Article("kb-310", "Rotating leaked API keys"),
            new Article("kb-412", "Resetting a password and signing in with SSO"),
            new Article("kb-518", "Slow object storage uploads from some regions"));

    List<Article> search(String query) {
        String q = query.toLowerCase(Locale.ROOT);
        List<Article> found = ARTICLES.stream()
                .filter(a -> List.of(a.title().toLowerCase(Locale.ROOT).split(" ")).stream()
                        .anyMatch(w -> w.length() > 4 && q.contains(w)))
                .toList();
        return found.isEmpty() ? List.of(ARTICLES.get(0)) : found;
    }
}
