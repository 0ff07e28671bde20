package dev.slipway.testkit.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every HTTP endpoint an application declares, found by reading its compiled classes ({@code target/classes}): each
 * JAX-RS resource method with its verb, path and the roles its {@code @RolesAllowed} (on the method, else the class)
 * lets in. A test that walks this list covers an endpoint added tomorrow without being told about it.
 */
public final class Endpoints {

    private static final Set<String> VERBS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");

    /**
     * @param verb         GET, POST, …
     * @param path         the path with every {@code {param}} replaced by a sample value
     * @param rolesAllowed empty when the endpoint names no roles (it is then denied by configuration, and a test
     *                     should flag it)
     */
    public record Endpoint(String verb, String path, Set<String> rolesAllowed, String declaredBy) {

        public boolean mutating() {
            return !verb.equals("GET");
        }

        @Override
        public String toString() {
            return verb + " " + path + " (" + declaredBy + ")";
        }
    }

    private Endpoints() {
    }

    /** The endpoints declared by the resource classes under {@code classes} (the module's {@code target/classes}). */
    public static List<Endpoint> declaredIn(Path classes) {
        List<Endpoint> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                String name = classes.relativize(file).toString().replace(java.io.File.separatorChar, '.')
                        .replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, Endpoints.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
                    continue; // REST clients are interfaces: they call endpoints, they do not serve them
                }
                Optional<String> root = value(type.getAnnotations(), "jakarta.ws.rs.Path");
                if (root.isEmpty()) {
                    continue;
                }
                Set<String> classRoles = roles(type.getAnnotations());
                for (Method m : type.getDeclaredMethods()) {
                    Optional<String> verb = Stream.of(m.getAnnotations()).map(a -> a.annotationType().getName())
                            .filter(n -> n.startsWith("jakarta.ws.rs.") && VERBS.contains(n.substring("jakarta.ws.rs.".length())))
                            .map(n -> n.substring("jakarta.ws.rs.".length())).findFirst();
                    if (verb.isEmpty()) {
                        continue;
                    }
                    String path = join(root.get(), value(m.getAnnotations(), "jakarta.ws.rs.Path").orElse(""));
                    Set<String> methodRoles = roles(m.getAnnotations());
                    found.add(new Endpoint(verb.get(), sample(path), methodRoles.isEmpty() ? classRoles : methodRoles,
                            type.getSimpleName() + "." + m.getName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        found.sort(Comparator.comparing(Endpoint::path).thenComparing(Endpoint::verb));
        return found;
    }

    private static String join(String root, String sub) {
        String p = ("/" + root + "/" + sub).replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** A plausible value for each path parameter, so the request reaches the endpoint's own checks. */
    private static String sample(String path) {
        return path.replaceAll("\\{(digest|ref|other)(:[^}]*)?}", "sha256:" + "0".repeat(64))
                .replaceAll("\\{agent(:[^}]*)?}", "auth-probe")
                .replaceAll("\\{env(:[^}]*)?}", "prod")
                .replaceAll("\\{[^}]+}", "probe");
    }

    private static Optional<String> value(Annotation[] annotations, String type) {
        for (Annotation a : annotations) {
            if (a.annotationType().getName().equals(type)) {
                try {
                    return Optional.of((String) a.annotationType().getMethod("value").invoke(a));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Optional.empty();
    }

    private static Set<String> roles(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a.annotationType().getName().equals("jakarta.annotation.security.RolesAllowed")) {
                try {
                    return Set.of((String[]) a.annotationType().getMethod("value").invoke(a));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Set.of();
    }
}
