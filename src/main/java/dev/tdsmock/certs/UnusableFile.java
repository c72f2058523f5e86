package dev.tdsmock.certs;

import java.nio.file.Path;

/** Builds the error for a file of the store that exists but cannot be used. */
final class UnusableFile {

    private UnusableFile() {
    }

    static IllegalStateException error(Path file, String problem, Throwable cause) {
        return new IllegalStateException(
                "Cannot use " + file.toAbsolutePath() + ": " + problem
                        + ". Delete it to have it regenerated.",
                cause);
    }

    static IllegalStateException error(Path file, String problem) {
        return error(file, problem, null);
    }
}
