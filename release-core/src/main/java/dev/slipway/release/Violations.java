package dev.slipway.release;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Collects violations; later checks of a field already reported by an earlier stage are dropped. */
final class Violations {

    private final List<Violation> list = new ArrayList<>();
    private final Set<String> fields = new HashSet<>();

    void add(String field, String message) {
        list.add(new Violation(field, message));
        fields.add(field);
    }

    void addAll(Violations other) {
        other.list.forEach(v -> add(v.field(), v.message()));
    }

    boolean has(String field) {
        return fields.contains(field);
    }

    int size() {
        return list.size();
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** Adds the other's violations except those on a field (or under a field) this one already reports. */
    void addUnreported(Violations other) {
        Set<String> reported = Set.copyOf(fields);
        for (Violation v : other.list) {
            if (!coveredBy(v.field(), reported)) {
                add(v.field(), v.message());
            }
        }
    }

    private static boolean coveredBy(String field, Set<String> reported) {
        if (reported.contains(field)) {
            return true;
        }
        for (String r : reported) {
            if (field.startsWith(r + ".") || field.startsWith(r + "[")) {
                return true;
            }
        }
        return false;
    }

    List<Violation> list() {
        return List.copyOf(list);
    }

    void throwIfAny() {
        if (!list.isEmpty()) {
            throw new ReleaseValidationException(list);
        }
    }
}
