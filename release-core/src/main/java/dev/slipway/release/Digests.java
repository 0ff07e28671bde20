package dev.slipway.release;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** {@code sha256:<64 lowercase hex>} digests, the only digest form Slipway uses. */
public final class Digests {

    public static final String PREFIX = "sha256:";
    private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final HexFormat HEX = HexFormat.of();

    private Digests() {
    }

    /** {@code sha256:} digest of the bytes, hashed as given (no copy, no re-encoding). */
    public static String sha256(byte[] bytes) {
        return sha256(bytes, 0, bytes.length);
    }

    public static String sha256(byte[] bytes, int offset, int length) {
        MessageDigest md = newSha256();
        md.update(bytes, offset, length);
        return PREFIX + HEX.formatHex(md.digest());
    }

    /** True when {@code value} is exactly {@code sha256:} followed by 64 lowercase hex digits. */
    public static boolean isSha256(String value) {
        return value != null && SHA256.matcher(value).matches();
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
