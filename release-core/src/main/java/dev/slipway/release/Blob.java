package dev.slipway.release;

/** Digest and UTF-8 size of one prompt text: the entry that stands for the text in the prompts part document. */
record Blob(String digest, long size) {

    static Blob of(byte[] utf8) {
        return new Blob(Digests.sha256(utf8), utf8.length);
    }
}
