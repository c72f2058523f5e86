package dev.tdsmock.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.wire.types.Column;
import dev.tdsmock.wire.types.RpcParameter;
import dev.tdsmock.wire.types.SqlType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SqlResponderTest {
    private static final Session SESSION = new Session(53, "sa", "master", "us_english", "tds-mock", "16.0.1000.6");
    private final SqlResponder responder = new SqlResponder(List.of(
            new ScriptedAnswer(Pattern.compile("select \\* from t", Pattern.CASE_INSENSITIVE),
                    List.of(new Column("id", SqlType.parse("int"))), List.of(List.of(1), List.of(2)), null),
            new ScriptedAnswer(Pattern.compile("drop .*", Pattern.CASE_INSENSITIVE), List.of(), List.of(),
                    new ErrorReply(3701, 1, 11, "no"))));

    private Answer.Rows rows(String sql, Map<String, RpcParameter> parameters) {
        return assertInstanceOf(Answer.Rows.class, responder.answer(sql, parameters, SESSION));
    }

    @Test
    void scriptedAnswersComeFirst() {
        Answer.Rows rows = rows("  SELECT * FROM t ;", Map.of());
        assertEquals(2, rows.rows().size());
        Answer.Failure failure = assertInstanceOf(Answer.Failure.class,
                responder.answer("DROP TABLE x", Map.of(), SESSION));
        assertEquals(3701, failure.error().number());
    }

    @Test
    void literalsAliasesAndTypes() {
        Answer.Rows rows = rows("SELECT 1, 5000000000 AS big, 1.50 AS price, N'ä' AS n, 'it''s' v, NULL AS nothing",
                Map.of());
        assertEquals(List.of("", "big", "price", "n", "v", "nothing"),
                rows.columns().stream().map(Column::name).toList());
        assertEquals(List.of("int", "bigint", "numeric(3,2)", "nvarchar(1)", "varchar(4)", "int"),
                rows.columns().stream().map(c -> c.type().declaration()).toList());
        assertEquals(java.util.Arrays.asList(1, 5000000000L, new BigDecimal("1.50"), "ä", "it's", null),
                rows.rows().get(0));
    }

    @Test
    void parametersByName() {
        RpcParameter p0 = new RpcParameter("@P0", 0, SqlType.parse("int"), 42);
        Answer.Rows rows = rows("SELECT @P0 AS answer", Map.of("@p0", p0));
        assertEquals(42, rows.rows().get(0).get(0));
        Answer.Failure missing = assertInstanceOf(Answer.Failure.class,
                responder.answer("SELECT @P1", Map.of(), SESSION));
        assertEquals(137, missing.error().number());
    }

    @Test
    void variablesAndFunctions() {
        Answer.Rows rows = rows("SELECT @@VERSION, @@SPID, @@MAX_PRECISION, SERVERPROPERTY('ProductVersion'), "
                + "SERVERPROPERTY('NoSuchProperty'), DB_NAME(), SYSTEM_USER", Map.of());
        List<Object> row = rows.rows().get(0);
        assertTrue(((String) row.get(0)).startsWith("Microsoft SQL Server 2022 (RTM) - 16.0.1000.6"));
        assertEquals((short) 53, row.get(1));
        assertEquals("smallint", rows.columns().get(1).type().declaration());
        assertEquals("tinyint", rows.columns().get(2).type().declaration());
        assertEquals("16.0.1000.6", row.get(3));
        assertEquals(null, row.get(4));
        assertEquals("master", row.get(5));
        assertEquals("sa", row.get(6));
    }

    @Test
    void setAndUseNeedNoResult() {
        assertInstanceOf(Answer.Done.class, responder.answer("SET NOCOUNT ON", Map.of(), SESSION));
        assertInstanceOf(Answer.Done.class, responder.answer("use master", Map.of(), SESSION));
    }

    @Test
    void anythingElseIsUnknown() {
        assertInstanceOf(Answer.Unknown.class, responder.answer("SELECT id FROM orders", Map.of(), SESSION));
        assertInstanceOf(Answer.Unknown.class, responder.answer("UPDATE x SET y = 1", Map.of(), SESSION));
    }
}
