package dev.slipway.cli.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for a Quarkus service's {@code quarkus-run.jar} in stack tests: records the system properties it was
 * started with in {@code <slipway.data.dir>/received.properties} and answers {@code /q/health/ready}.
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Path.of(System.getProperty("slipway.data.dir"));
        Properties received = new Properties();
        for (String key : new String[] {"quarkus.http.host", "quarkus.http.port", "kafka.bootstrap.servers",
                "mp.messaging.connector.smallrye-kafka.apicurio.registry.url", "apicurio.registry.url", "slipway.data.dir"}) {
            received.setProperty(key, System.getProperty(key, "(unset)"));
        }
        try (Writer w = Files.newBufferedWriter(data.resolve("received.properties"))) {
            received.store(w, null);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(System.getProperty("quarkus.http.host"),
                Integer.getInteger("quarkus.http.port")), 0);
        server.createContext("/q/health/ready", ex -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
        System.out.println("fake service listening on " + server.getAddress());
    }

    /** A service that fails at start, as one that cannot reach Kafka would. */
    public static final class Failing {
        private Failing() {
        }

        public static void main(String[] args) {
            System.out.println("boom: cannot start the fake service");
            System.exit(1);
        }
    }

    /** Writes a runnable jar at {@code jar} whose main class is {@code main}, loading classes from the test classes. */
    static void writeJar(Path jar, Class<?> main) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH,
                FakeService.class.getProtectionDomain().getCodeSource().getLocation().toString());
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
    }
}
