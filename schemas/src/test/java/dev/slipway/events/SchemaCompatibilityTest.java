package dev.slipway.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Fails the build when a topic value schema can no longer read what an earlier version wrote (BACKWARD, the
 * registry's default rule). Earlier versions are kept, fully resolved, in {@code schemas/history/<Record>/v<N>.avsc}.
 * Run with {@code -Dschemas.record=true} to append the current schema as the next version once it is released;
 * a recorded version is checked too, so an incompatible change can never be recorded.
 */
class SchemaCompatibilityTest {

    private static final Path HISTORY = Path.of("history");

    /**
     * Every record whose encoded form outlives a release: topic values, and the records Streams state stores keep
     * (changelogged and restored after an upgrade, read back through the recorded versions).
     */
    static List<Class<? extends org.apache.avro.specific.SpecificRecord>> evolving() {
        List<Class<? extends org.apache.avro.specific.SpecificRecord>> all = new ArrayList<>();
        Topics.ALL.forEach(t -> all.add(t.valueType()));
        all.addAll(StateRecords.ALL);
        return all;
    }

    @Test
    void every_topic_value_and_state_schema_reads_every_earlier_version_of_itself() throws IOException {
        if (Boolean.getBoolean("schemas.record")) {
            for (var type : evolving()) {
                SchemaHistory.recordIfChanged(HISTORY, SchemaHistory.currentSchema(type));
            }
        }
        List<String> failures = new ArrayList<>();
        for (var type : evolving()) {
            Schema current = SchemaHistory.currentSchema(type);
            List<Path> versions = SchemaHistory.versions(HISTORY, current.getName());
            assertThat(versions).as("history of %s (record it with -Dschemas.record=true)", current.getName()).isNotEmpty();
            for (Path version : versions) {
                Schema earlier = new Schema.Parser().parse(Files.readString(version, StandardCharsets.UTF_8));
                var result = SchemaCompatibility.checkReaderWriterCompatibility(current, earlier).getResult();
                if (result.getCompatibility() != SchemaCompatibilityType.COMPATIBLE) {
                    failures.add(current.getName() + " cannot read " + version + ": " + result.getIncompatibilities());
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void a_field_added_without_default_is_caught_as_incompatible() {
        Schema earlier = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
        Schema withoutDefault = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"string\"}]}");
        Schema withDefault = new Schema.Parser().parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"string\",\"default\":\"x\"}]}");

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(withoutDefault, earlier).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(withDefault, earlier).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void every_enum_has_an_unknown_default_so_old_readers_survive_new_symbols() {
        for (Topic<?> topic : Topics.ALL) {
            assertEnumsHaveUnknownDefault(SchemaHistory.currentSchema(topic.valueType()), new ArrayList<>());
        }
    }

    private static void assertEnumsHaveUnknownDefault(Schema schema, List<String> seen) {
        if (seen.contains(schema.getFullName())) {
            return;
        }
        switch (schema.getType()) {
            case RECORD -> {
                seen.add(schema.getFullName());
                schema.getFields().forEach(f -> assertEnumsHaveUnknownDefault(f.schema(), seen));
            }
            case ENUM -> {
                seen.add(schema.getFullName());
                assertThat(schema.getEnumSymbols()).as(schema.getName()).contains("UNKNOWN");
                assertThat(schema.getEnumDefault()).as(schema.getName() + " default").isEqualTo("UNKNOWN");
            }
            case ARRAY -> assertEnumsHaveUnknownDefault(schema.getElementType(), seen);
            case MAP -> assertEnumsHaveUnknownDefault(schema.getValueType(), seen);
            case UNION -> schema.getTypes().forEach(t -> assertEnumsHaveUnknownDefault(t, seen));
            default -> { }
        }
    }

    /** Reads and appends the kept versions of a schema. */
    static final class SchemaHistory {

        static Schema currentSchema(Class<?> type) {
            try {
                return (Schema) type.getMethod("getClassSchema").invoke(null);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("not a generated Avro class: " + type, e);
            }
        }

        static List<Path> versions(Path history, String recordName) throws IOException {
            Path dir = history.resolve(recordName);
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.getFileName().toString().matches("v\\d+\\.avsc"))
                        .sorted(Comparator.comparingInt(SchemaHistory::versionNumber))
                        .toList();
            }
        }

        static void recordIfChanged(Path history, Schema current) throws IOException {
            List<Path> versions = versions(history, current.getName());
            String json = current.toString(true) + "\n";
            if (!versions.isEmpty() && Files.readString(versions.get(versions.size() - 1)).equals(json)) {
                return;
            }
            int next = versions.isEmpty() ? 1 : versionNumber(versions.get(versions.size() - 1)) + 1;
            Path dir = Files.createDirectories(history.resolve(current.getName()));
            Files.writeString(dir.resolve("v" + next + ".avsc"), json, StandardCharsets.UTF_8);
        }

        private static int versionNumber(Path p) {
            String name = p.getFileName().toString();
            return Integer.parseInt(name.substring(1, name.length() - ".avsc".length()));
        }
    }
}
