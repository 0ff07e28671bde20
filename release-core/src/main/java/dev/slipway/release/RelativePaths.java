package dev.slipway.release;

/** Syntax rules for file references in a manifest: relative, forward slashes, no {@code .} or {@code ..} segments. */
final class RelativePaths {

    private RelativePaths() {
    }

    /** Why the path is refused, or null when it is a plain relative path inside the release root. */
    static String problem(String path) {
        if (path == null || path.isEmpty()) {
            return "must not be empty";
        }
        if (path.startsWith("/") || path.startsWith("~") || (path.length() > 1 && path.charAt(1) == ':')) {
            return "must be relative to the release directory, not absolute";
        }
        if (path.indexOf('\\') >= 0) {
            return "must use '/' as the separator";
        }
        if (path.indexOf('\0') >= 0) {
            return "must not contain NUL";
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                return "must not escape the release directory ('..')";
            }
            if (segment.isEmpty() || segment.equals(".")) {
                return "must not contain empty or '.' segments";
            }
        }
        return null;
    }

    static void check(String path) {
        String problem = problem(path);
        if (problem != null) {
            throw new ReleaseSource.UnsafePathException(path, problem);
        }
    }
}
