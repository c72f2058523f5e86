package dev.tdsmock.certs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file's content in one step: the bytes go to a temporary file in the same directory, which is then
 * renamed over the target, so a reader sees either the old or the new file, never a partial one.
 */
final class AtomicFiles {

    private AtomicFiles() {
    }

    /** For certificates and trust stores: readable by everyone. */
    static void writePublic(Path target, byte[] content) {
        write(target, content, true);
    }

    /** For private keys: readable by the owner only, where the file system knows owners. */
    static void writePrivate(Path target, byte[] content) {
        write(target, content, false);
    }

    private static void write(Path target, byte[] content, boolean readableByAll) {
        Path directory = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            // createTempFile makes the file owner-only on POSIX systems
            temp = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (readableByAll && Files.getFileAttributeView(temp, PosixFileAttributeView.class) != null) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            moveOver(temp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target.toAbsolutePath(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void moveOver(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // a leftover hidden temporary file is harmless
        }
    }
}
