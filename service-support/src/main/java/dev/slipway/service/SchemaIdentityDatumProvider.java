package dev.slipway.service;

import java.util.IdentityHashMap;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificRecord;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;

/**
 * Apicurio's {@link DefaultAvroDatumProvider} (serde 3.1.7, the newest this build can use) keys its reader and writer
 * caches by {@code SchemaNormalization.parsingFingerprint64(schema)}, which renders the schema's whole parsing
 * canonical form as a string and hashes it on EVERY record serialised or deserialised: most of the cost of a registry
 * Avro consumer (docs/benchmarks.md, "Streams throughput"). The schemas it is asked about are the same {@link Schema}
 * instances every time (a generated class's {@code SCHEMA$}; the resolver's parsed copy of a registry schema), so a
 * cache by identity in front of it finds the same reader or writer without the fingerprint. Written here because no
 * Apicurio release offers it; remove it when one does. Copy-on-write: look-ups take no lock; at most 64 schemas are
 * cached, after which the default provider's own cache answers.
 * <p>
 * Every Slipway client of registry Avro uses it: {@link RegistrySerdes} for Streams topologies and plain clients, and
 * {@code apicurio.registry.avro-datum-provider} on the SmallRye connectors.
 */
public class SchemaIdentityDatumProvider<T> extends DefaultAvroDatumProvider<T> {

    private static final int MAX = 64;

    private volatile Map<Schema, DatumWriter<T>> specificWriters = new IdentityHashMap<>();
    private volatile Map<Schema, DatumWriter<T>> genericWriters = new IdentityHashMap<>();
    private volatile Map<Schema, DatumReader<T>> readers = new IdentityHashMap<>();

    @Override
    public DatumWriter<T> createDatumWriter(T data, Schema schema) {
        boolean specific = data instanceof SpecificRecord;
        DatumWriter<T> writer = (specific ? specificWriters : genericWriters).get(schema);
        if (writer == null) {
            writer = super.createDatumWriter(data, schema);
            synchronized (this) {
                Map<Schema, DatumWriter<T>> next = new IdentityHashMap<>(specific ? specificWriters : genericWriters);
                if (next.size() < MAX) {
                    next.put(schema, writer);
                    if (specific) {
                        specificWriters = next;
                    } else {
                        genericWriters = next;
                    }
                }
            }
        }
        return writer;
    }

    @Override
    public DatumReader<T> createDatumReader(Schema schema) {
        DatumReader<T> reader = readers.get(schema);
        if (reader == null) {
            reader = super.createDatumReader(schema);
            synchronized (this) {
                Map<Schema, DatumReader<T>> next = new IdentityHashMap<>(readers);
                if (next.size() < MAX) {
                    next.put(schema, reader);
                    readers = next;
                }
            }
        }
        return reader;
    }
}
