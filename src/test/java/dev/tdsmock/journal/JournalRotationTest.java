package dev.tdsmock.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.support.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class JournalRotationTest {
    private static ConnectionRecord ended(long id) {
        ConnectionRecord record = new ConnectionRecord(id, 1433, "healthy", "127.0.0.1", 50000);
        record.ending(Ending.byClient(Ending.Kind.CLOSE, "closed by the client"));
        record.ended();
        return record;
    }

    @Test
    void theFileIsRotatedBySizeAndOnlyTheKeptFilesStay(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("connections.jsonl");
        long lineBytes = JournalJson.line(ended(1)).length() + System.lineSeparator().length();
        try (JournalFile journal = new JournalFile(file, new JournalFile.Rotation(3 * lineBytes, 2))) {
            for (long id = 1; id <= 10; id++) {
                journal.append(ended(id));
            }
        }
        assertEquals(List.of(10L), ids(file));
        assertEquals(List.of(7L, 8L, 9L), ids(dir.resolve("connections.1.jsonl")));
        assertEquals(List.of(4L, 5L, 6L), ids(dir.resolve("connections.2.jsonl")));
        assertFalse(Files.exists(dir.resolve("connections.3.jsonl")), "only 2 rotated files are kept");
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count());
        }
    }

    @Test
    void aFileKeepsGrowingAcrossRestartsUntilItsSize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("connections.jsonl");
        JournalFile.Rotation rotation = new JournalFile.Rotation(1024 * 1024, 1);
        try (JournalFile journal = new JournalFile(file, rotation)) {
            journal.append(ended(1));
        }
        try (JournalFile journal = new JournalFile(file, rotation)) {
            journal.append(ended(2));
        }
        assertEquals(List.of(1L, 2L), ids(file));
    }

    @Test
    void droppedLinesAreReportedInTheLog(@TempDir Path dir) throws Exception {
        ConnectionRecord record = ended(1);
        try (LogCapture log = new LogCapture(JournalFile.class.getName())) {
            long dropped;
            try (JournalFile journal = new JournalFile(dir.resolve("j.jsonl"), JournalFile.Rotation.DEFAULT, 1)) {
                for (int i = 0; i < 20_000; i++) {
                    journal.append(record);
                }
                dropped = journal.dropped();
            }
            assertTrue(dropped > 0, "a queue of 1 cannot take 20,000 lines at once");
            assertTrue(log.count("WARN", "lines dropped", "the disk did not keep up") >= 1, log.lines().toString());
        }
    }

    @Test
    void aFileThatCannotBeWrittenDropsLinesAndSaysSo(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("connections.jsonl");
        Files.createDirectories(folder); // a folder where the file should be: every write fails
        try (LogCapture log = new LogCapture(JournalFile.class.getName())) {
            try (JournalFile journal = new JournalFile(folder)) {
                journal.append(ended(1));
                journal.append(ended(2));
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                        .until(() -> journal.dropped() == 2);
            }
            assertEquals(1, log.count("ERROR", "cannot be written"), "once, not once a line");
            assertEquals(1, log.count("WARN", "lines dropped, 2 since the start"), log.lines().toString());
        }
    }

    @Test
    void aRotationNeedsASizeAndACount() {
        assertThrows(IllegalArgumentException.class, () -> new JournalFile.Rotation(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new JournalFile.Rotation(1, -1));
    }

    private static List<Long> ids(Path file) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            ids.add(JournalJson.mapper().readTree(line).get("id").asLong());
        }
        return ids;
    }
}
