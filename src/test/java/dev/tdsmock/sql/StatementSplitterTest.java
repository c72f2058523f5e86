package dev.tdsmock.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {
    @Test
    void jtdsStartUpBatch() {
        assertEquals(List.of("SELECT @@MAX_PRECISION", "SET TRANSACTION ISOLATION LEVEL READ COMMITTED",
                        "SET IMPLICIT_TRANSACTIONS OFF", "SET QUOTED_IDENTIFIER ON", "SET TEXTSIZE 2147483647"),
                StatementSplitter.split("SELECT @@MAX_PRECISION\r\nSET TRANSACTION ISOLATION LEVEL READ COMMITTED\r\n"
                        + "SET IMPLICIT_TRANSACTIONS OFF\r\nSET QUOTED_IDENTIFIER ON\r\nSET TEXTSIZE 2147483647"));
    }

    @Test
    void aStatementOverSeveralLinesStaysWhole() {
        assertEquals(List.of("SELECT a,\n  b\nFROM t\nWHERE x = 1"),
                StatementSplitter.split("SELECT a,\n  b\nFROM t\nWHERE x = 1\n"));
    }

    @Test
    void semicolonsSplitButNotInsideQuotes() {
        assertEquals(List.of("SELECT 'a;b'", "SELECT [c;d]", "SET X ON"),
                StatementSplitter.split("SELECT 'a;b'; SELECT [c;d];SET X ON;"));
    }

    @Test
    void emptyBatch() {
        assertEquals(List.of(), StatementSplitter.split(" ;\n "));
    }

    @Test
    void commentsAreNeverCut() {
        assertEquals(List.of("SELECT 1 -- it's; not the end\nFROM t", "SELECT /* ; 'x [ */ 2", "SET X ON"),
                StatementSplitter.split("SELECT 1 -- it's; not the end\nFROM t; SELECT /* ; 'x [ */ 2;SET X ON"));
        assertEquals(List.of("SELECT /* outer /* inner */ still ; outer */ 3"),
                StatementSplitter.split("SELECT /* outer /* inner */ still ; outer */ 3"));
    }

    @Test
    void runsOfLineBreaksAndBlanksCutOnceBeforeAStatement() {
        assertEquals(List.of("SELECT 1", "SELECT 2\n\n\nx\n\n a\nSELECTED"),
                StatementSplitter.split("SELECT 1\r\n\r\n  \t\nSELECT 2\n\n\nx\n\n a\nSELECTED"));
    }

    @Test
    void quotesLeftOpenRunToTheEnd() {
        assertEquals(List.of("SELECT 'a;\nSET X ON"), StatementSplitter.split("SELECT 'a;\nSET X ON"));
        assertEquals(List.of("SELECT [a]];b]", "SELECT \"c\"\";d\""),
                StatementSplitter.split("SELECT [a]];b];SELECT \"c\"\";d\""));
    }
}
