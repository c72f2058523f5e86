package dev.tdsmock.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class JournalBoundsTest {
    private static ConnectionRecord record(long id) {
        return new ConnectionRecord(id, 1433, "healthy", "127.0.0.1", 50000 + (int) id);
    }

    @Test
    void aLongStatementIsKeptCutWithItsFullLength() throws Exception {
        ConnectionRecord record = record(1);
        String big = "SELECT '" + "x".repeat(4 * 1024 * 1024) + "'";
        record.statement(big, 4096);
        record.statement("SELECT 1", 4096);
        assertEquals(4096, record.statements().get(0).length());
        assertEquals(List.of(big.length(), 8), record.statementLengths());
        JsonNode json = JournalJson.mapper().readTree(JournalJson.line(record));
        assertEquals(4096, json.get("statements").get(0).asText().length());
        assertEquals(big.length(), json.get("statementLengths").get(0).asInt());
        assertEquals("SELECT 1", json.get("statements").get(1).asText());
        assertEquals(8, json.get("statementLengths").get(1).asInt());
        assertTrue(JournalJson.line(record).length() < 10_000, "the line stays small");
    }

    @Test
    void theOldestRecordsGoWhenTheCountIsReached() {
        Journal journal = new Journal(3);
        for (long id = 1; id <= 5; id++) {
            journal.add(record(id));
        }
        assertEquals(List.of(3L, 4L, 5L), journal.records().stream().map(ConnectionRecord::id).toList());
    }

    @Test
    void theOldestRecordsGoWhenTheBytesAreReachedAsRecordsGrow() {
        ConnectionRecord empty = record(0);
        long base = empty.estimatedBytes();
        Journal journal = new Journal(10_000, 4 * base);
        for (long id = 1; id <= 3; id++) {
            journal.add(record(id));
        }
        assertEquals(3, journal.records().size());
        assertEquals(3 * base, journal.estimatedBytes());
        ConnectionRecord newest = journal.records().get(2);
        for (int i = 0; i < 10; i++) {
            newest.statement("x".repeat(4096), 4096);
        }
        assertEquals(List.of(3L), journal.records().stream().map(ConnectionRecord::id).toList(),
                "the statements of #3 took the budget of #1 and #2; the newest is kept");
        assertEquals(newest.estimatedBytes(), journal.estimatedBytes());
        journal.add(record(4));
        assertEquals(List.of(4L), journal.records().stream().map(ConnectionRecord::id).toList());
        newest.statement("SELECT 1");
        assertEquals(empty.estimatedBytes(), journal.estimatedBytes(), "a dropped record no longer counts");
    }

    @Test
    void removingRecordsGivesTheirBytesBack() {
        Journal journal = new Journal(100);
        ConnectionRecord one = record(1);
        journal.add(one);
        journal.add(record(2));
        one.statement("SELECT 1");
        assertEquals(1, journal.removeIf(r -> r.id() == 1));
        assertEquals(record(9).estimatedBytes(), journal.estimatedBytes());
        journal.clear();
        assertEquals(0, journal.estimatedBytes());
        assertTrue(journal.records().isEmpty());
    }

    @Test
    void journalsSharingAMemoryStayUnderItAndEachKeepsItsNewest() {
        long base = record(0).estimatedBytes();
        JournalMemory memory = new JournalMemory(10 * base);
        Journal busy = new Journal(10_000, memory);
        Journal quiet = new Journal(10_000, memory);
        quiet.add(record(1));
        quiet.add(record(2));
        for (long id = 100; id < 150; id++) {
            busy.add(record(id));
            assertTrue(memory.bytes() <= memory.maxBytes(), memory.bytes() + " bytes after #" + id);
            assertEquals(busy.estimatedBytes() + quiet.estimatedBytes(), memory.bytes());
        }
        assertEquals(List.of(1L, 2L), ids(quiet), "the journal holding the most drops first: the quiet one keeps all");
        assertEquals(149L, ids(busy).get(ids(busy).size() - 1), "the newest of the busy one survives");
        assertEquals(8, busy.records().size());

        ConnectionRecord newestQuiet = quiet.records().get(1);
        for (int i = 0; i < 4; i++) {
            newestQuiet.statement("x".repeat(4096), 4096);
        }
        assertTrue(memory.bytes() > memory.maxBytes(), "the newest records alone pass the bound and are kept");
        assertEquals(List.of(2L), ids(quiet), "the quiet one, now the largest, dropped its oldest");
        assertEquals(List.of(149L), ids(busy), "the busy one is down to its newest");

        long before = memory.bytes();
        quiet.leaveMemory();
        quiet.leaveMemory();
        assertEquals(before - quiet.estimatedBytes(), memory.bytes(), "a journal that left no longer counts, once");
        assertEquals(List.of(2L), ids(quiet), "its records stay readable");
        busy.clear();
        assertEquals(0, memory.bytes());
    }

    @Test
    void aLowerBoundTrimsAtOnce() {
        long base = record(0).estimatedBytes();
        JournalMemory memory = new JournalMemory(100 * base);
        Journal first = new Journal(100, memory);
        Journal second = new Journal(100, memory);
        for (long id = 1; id <= 6; id++) {
            (id % 2 == 0 ? second : first).add(record(id));
        }
        memory.maxBytes(4 * base);
        assertEquals(4 * base, memory.bytes());
        assertEquals(List.of(3L, 5L), ids(first));
        assertEquals(List.of(4L, 6L), ids(second));
    }

    private static List<Long> ids(Journal journal) {
        return journal.records().stream().map(ConnectionRecord::id).toList();
    }
}
