package dev.tdsmock.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.tdsmock.wire.types.Column;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Valid SQL that SQL Server answers with a value or with one of its errors, answered the same way. */
@Timeout(30)
class SqlServerAnswersTest {
    private static final Session SESSION = new Session(53, "sa", "master", "us_english", "tds-mock", "16.0.1000.6");
    private final SqlResponder responder = new SqlResponder(List.of());

    private Answer.Rows rows(String sql) {
        return assertInstanceOf(Answer.Rows.class, responder.answer(sql, Map.of(), SESSION));
    }

    private ErrorReply error(String sql) {
        return assertInstanceOf(Answer.Failure.class, responder.answer(sql, Map.of(), SESSION)).error();
    }

    private static List<String> types(Answer.Rows rows) {
        return rows.columns().stream().map(c -> c.type().declaration()).toList();
    }

    @Test
    void aVarcharConstantHoldsWhatCodePage1252Can() {
        Answer.Rows rows = rows("SELECT 'ж', N'ж', 'é€', 'aжb' AS mixed");
        assertEquals(List.of("?", "ж", "é€", "a?b"), rows.rows().get(0));
        assertEquals(List.of("varchar(1)", "nvarchar(1)", "varchar(2)", "varchar(3)"), types(rows));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "123456789012345678901234567890123456789012|float|1.2345678901234568E41",
        "922337299987987689745893|numeric(24,0)|922337299987987689745893",
        "99999999999999999999999999999999999999|numeric(38,0)|99999999999999999999999999999999999999",
        "9223372036854775807|bigint|9223372036854775807",
        "-2147483648|int|-2147483648",
        "0.12345678901234567890123456789012345678|numeric(38,38)|0.12345678901234567890123456789012345678",
        "1.000000000000000000000000000000000000000000|float|1.0",
        "-1.5E2|float|-150.0",
        "2.5e-3|float|0.0025",
        "000000000000000000000000000000000000000000000001|int|1",
        "1e-400|float|0.0",
    })
    void numberConstants(String literal, String type, String value) {
        Answer.Rows rows = rows("SELECT " + literal);
        assertEquals(List.of(type), types(rows));
        Object answered = rows.rows().get(0).get(0);
        if (answered instanceof BigDecimal number) {
            assertEquals(new BigDecimal(value), number);
        } else {
            assertEquals(value, answered.toString());
        }
    }

    @Test
    void aBinaryConstantIsVarbinary() {
        Answer.Rows rows = rows("SELECT 0xFF, 0x0102, 0xF, 0x");
        assertEquals(List.of("varbinary(1)", "varbinary(2)", "varbinary(1)", "varbinary(1)"), types(rows));
        assertEquals("ff", java.util.HexFormat.of().formatHex((byte[]) rows.rows().get(0).get(0)));
        assertEquals("0f", java.util.HexFormat.of().formatHex((byte[]) rows.rows().get(0).get(2)));
        assertEquals(0, ((byte[]) rows.rows().get(0).get(3)).length);
        assertEquals("", rows.columns().get(0).name(), "no column name, as for any constant");
    }

    @Test
    void anUnclosedStringIsError105() {
        ErrorReply error = error("SELECT 'abc");
        assertEquals(105, error.number());
        assertEquals("Unclosed quotation mark after the character string 'abc'.", error.message());
        assertEquals(105, error("SELECT N'it''s").number());
        assertEquals(List.of("it's"), rows("SELECT 'it''s'").rows().get(0));
    }

    @Test
    void aCommaWithNothingOnOneSideIsError102() {
        assertEquals("Incorrect syntax near ','.", error("SELECT ,").message());
        assertEquals(102, error("SELECT 1,").number());
        assertEquals(102, error("SELECT , 1").number());
    }

    @Test
    void aFloatBeyondItsRangeIsError168() {
        ErrorReply error = error("SELECT 1e400");
        assertEquals(168, error.number());
        assertEquals("The floating point value '1e400' is out of the range of computer representation (8 bytes).",
                error.message());
        assertEquals(168, error("SELECT " + "9".repeat(400)).number());
    }

    @Test
    void anAliasOfMoreThan128CharactersIsError103() {
        String alias = "a".repeat(129);
        String expected = "The identifier that starts with '" + "a".repeat(128) + "' is too long. Maximum length is 128.";
        for (String sql : List.of("SELECT 1 AS [" + alias + "]", "SELECT 1 AS " + alias, "SELECT 1 '" + alias + "'",
                "SELECT " + alias + " = 1", "SELECT 1 AS " + "b".repeat(300))) {
            ErrorReply error = error(sql);
            assertEquals(103, error.number(), sql);
            assertEquals(15, error.severity());
        }
        assertEquals(expected, error("SELECT 1 AS [" + alias + "]").message());
        assertEquals(List.of("a".repeat(128)), rows("SELECT 1 AS [" + "a".repeat(128) + "]").columns().stream()
                .map(Column::name).toList());
    }

    @Test
    void moreThan4096SelectItemsIsError1056() {
        ErrorReply error = error("SELECT 1" + ",1".repeat(4096));
        assertEquals(1056, error.number());
        assertEquals("The number of elements in the select list exceeds the maximum allowed number of 4096 elements.",
                error.message());
        assertEquals(4096, rows("SELECT 1" + ",1".repeat(4095)).columns().size());
        assertEquals(1056, error("SELECT 1" + ",1".repeat(70_000)).number());
    }

    @Test
    void commentsAndBlanksSeparateTokens() {
        Answer.Rows rows = rows("SELECT /* first */ 1 AS [one], -- the second\n 2 two /* nested /* comment */ */");
        assertEquals(List.of("one", "two"), rows.columns().stream().map(Column::name).toList());
        assertEquals(List.of(1, 2), rows.rows().get(0));
        assertInstanceOf(Answer.Unknown.class, responder.answer("SELECT a" + " ".repeat(16_300) + "!", Map.of(),
                SESSION));
    }

    @Test
    void quotedNamesAndStringsUnescape() {
        Answer.Rows rows = rows("SELECT 'it''s' AS [a]]b], N'x' \"c\"\"d\", 'e' 'f''g'");
        assertEquals(List.of("a]b", "c\"d", "f'g"), rows.columns().stream().map(Column::name).toList());
        assertEquals(List.of("it's", "x", "e"), rows.rows().get(0));
    }

    @Test
    void noResultStatementsByTheirFirstWords() {
        for (String sql : List.of("SET NOCOUNT ON", "BEGIN TRAN", "begin transaction t1", "IF @@TRANCOUNT > 0 COMMIT",
                "PRINT 'x'", "DECLARE @a int", "COMMIT", "ROLLBACK TRANSACTION")) {
            assertInstanceOf(Answer.Done.class, responder.answer(sql, Map.of(), SESSION), sql);
        }
        assertInstanceOf(Answer.Unknown.class, responder.answer("BEGIN TRY SELECT 1 END TRY", Map.of(), SESSION));
    }
}
