package dev.slipway.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The released versions of an event schema, as recorded in {@code schemas/history/<Record>/v<N>.avsc} and shipped in
 * this jar: what a reader of data written by an earlier release (a state store's changelog, say) must still decode.
 */
public final class RecordedSchemas {

    private RecordedSchemas() {
    }

    /** The recorded versions of {@code current}'s record other than {@code current} itself, oldest first. */
    public static List<Schema> earlierThan(Schema current) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(current);
        List<Schema> earlier = new ArrayList<>();
        for (int v = 1; ; v++) {
            String path = "history/" + current.getName() + "/v" + v + ".avsc";
            try (InputStream in = RecordedSchemas.class.getResourceAsStream(path)) {
                if (in == null) {
                    return earlier;
                }
                Schema recorded = new Schema.Parser().parse(in);
                if (SchemaNormalization.parsingFingerprint64(recorded) != fingerprint) {
                    earlier.add(recorded);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
    }
}
