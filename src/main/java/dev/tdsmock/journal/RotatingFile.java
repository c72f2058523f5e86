package dev.tdsmock.journal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A text file appended to line by line and rotated by size: when a line would take it past {@code maxBytes},
 * {@code name.ext} becomes {@code name.1.ext}, {@code name.1.ext} becomes {@code name.2.ext} and so on, the
 * oldest beyond {@code keep} is deleted, and a new {@code name.ext} is begun. Used by one thread.
 */
final class RotatingFile implements AutoCloseable {
    private final Path path;
    private final long maxBytes;
    private final int keep;
    private BufferedWriter out;
    private long size;

    /**
     * @param maxBytes the size a file is rotated at, in bytes (UTF-8), at least 1; a single longer line is
     *                 written whole to a file of its own
     * @param keep how many rotated files are kept, 0 or more (0: the file is begun anew and nothing kept)
     */
    RotatingFile(Path path, long maxBytes, int keep) throws IOException {
        if (maxBytes < 1 || keep < 0) {
            throw new IllegalArgumentException("a rotated file needs a size of 1 byte or more and keeps 0 or more, not "
                    + maxBytes + " bytes and " + keep);
        }
        this.path = path;
        this.maxBytes = maxBytes;
        this.keep = keep;
        open();
    }

    /** The file with this number in its name: 0 is the file written to, 1 the most recent rotated one. */
    static Path numbered(Path path, int number) {
        if (number == 0) {
            return path;
        }
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String numbered = dot <= 0 ? name + "." + number : name.substring(0, dot) + "." + number + name.substring(dot);
        return path.resolveSibling(numbered);
    }

    private void open() throws IOException {
        out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        size = Files.size(path);
    }

    /** Appends the line and a line break, rotating first when the line would not fit. */
    void writeLine(String line) throws IOException {
        long bytes = utf8Length(line) + System.lineSeparator().length();
        if (size > 0 && size + bytes > maxBytes) {
            rotate();
        }
        out.write(line);
        out.newLine();
        size += bytes;
    }

    void flush() throws IOException {
        out.flush();
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(numbered(path, keep));
        for (int i = keep - 1; i >= 0; i--) {
            Path from = numbered(path, i);
            if (Files.exists(from)) {
                Files.move(from, numbered(path, i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.deleteIfExists(path);
        open();
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
