package dev.tdsmock.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON line per ended connection to a file, from a thread of its own so that no event loop
 * waits for the disk, and rotates it by size ({@code connections.jsonl} to {@code connections.1.jsonl} and
 * on, see {@link Rotation}). When the disk cannot keep up, lines are dropped and counted rather than buffered
 * without end, and a WARN line says how many, at most once a minute.
 */
public final class JournalFile implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalFile.class);
    private static final int QUEUE = 10_000;
    private static final Duration DROPS_REPORTED_EVERY = Duration.ofMinutes(1);
    private final Path path;
    private final Rotation rotation;
    /** Ended connections waiting for the disk; each becomes its JSON line on the writer thread, off the event loops. */
    private final BlockingQueue<ConnectionRecord> lines;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private long droppedReported;
    private long droppedReportedAt = Long.MIN_VALUE;
    private long failureReportedAt = Long.MIN_VALUE;
    private volatile boolean closing;

    /**
     * When the file is rotated and how many rotated files are kept.
     *
     * @param maxBytes the size a file is rotated at, in bytes, at least 1
     * @param keep how many rotated files are kept, 0 or more
     */
    public record Rotation(long maxBytes, int keep) {
        /** 100 MiB a file, 5 rotated files kept. */
        public static final Rotation DEFAULT = new Rotation(100L * 1024 * 1024, 5);

        public Rotation {
            if (maxBytes < 1 || keep < 0) {
                throw new IllegalArgumentException("the journal file rotates at 1 byte or more and keeps 0 or more "
                        + "files, not " + maxBytes + " bytes and " + keep);
            }
        }
    }

    public JournalFile(Path path) {
        this(path, Rotation.DEFAULT);
    }

    public JournalFile(Path path, Rotation rotation) {
        this(path, rotation, QUEUE);
    }

    /** @param queue how many lines may wait for the disk before lines are dropped */
    JournalFile(Path path, Rotation rotation, int queue) {
        this.path = path;
        this.rotation = rotation;
        this.lines = new ArrayBlockingQueue<>(queue);
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the folder of the journal file " + path + ": " + e, e);
        }
        this.writer = new Thread(this::writeLines, "tds-mock-journal");
        writer.setDaemon(true);
        writer.start();
    }

    public Path path() {
        return path;
    }

    public Rotation rotation() {
        return rotation;
    }

    public void append(ConnectionRecord record) {
        if (!lines.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    /** How many lines were dropped since the start because the disk could not keep up. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Writes the queued lines until closed. A line that cannot be written (a full disk) is dropped and counted,
     * the failure logged at most once a minute, and the file opened again for the next line.
     */
    private void writeLines() {
        RotatingFile out = null;
        try {
            while (!closing || !lines.isEmpty()) {
                reportDrops(false);
                ConnectionRecord record = lines.poll(200, TimeUnit.MILLISECONDS);
                if (record == null) {
                    continue;
                }
                String line = JournalJson.line(record);
                try {
                    if (out == null) {
                        out = new RotatingFile(path, rotation.maxBytes(), rotation.keep());
                    }
                    out.writeLine(line);
                    if (lines.isEmpty()) {
                        out.flush();
                    }
                } catch (IOException e) {
                    dropped.incrementAndGet();
                    reportFailure(e);
                    out = closeQuietly(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(out);
            reportDrops(true);
        }
    }

    private void reportFailure(IOException e) {
        long now = System.nanoTime();
        if (failureReportedAt == Long.MIN_VALUE || now - failureReportedAt >= DROPS_REPORTED_EVERY.toNanos()) {
            LOG.error("journal file {} cannot be written: {}", path, e.toString());
            failureReportedAt = now;
        }
    }

    private RotatingFile closeQuietly(RotatingFile out) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                reportFailure(e);
            }
        }
        return null;
    }

    /** A WARN line when lines were dropped since the last one, at most once a minute unless {@code last}. */
    private void reportDrops(boolean last) {
        long now = System.nanoTime();
        long total = dropped.get();
        boolean due = droppedReportedAt == Long.MIN_VALUE || now - droppedReportedAt >= DROPS_REPORTED_EVERY.toNanos();
        if (total > droppedReported && (due || last)) {
            LOG.warn("journal file {}: {} lines dropped, {} since the start (the disk did not keep up, or could not "
                    + "be written)", path, total - droppedReported, total);
            droppedReported = total;
            droppedReportedAt = now;
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
