package dev.tdsmock.wire.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlTypeParseTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "int|int",
        "INT|int",
        "  BigInt  |bigint",
        "smallint|smallint",
        "tinyint|tinyint",
        "bit|bit",
        "float|float",
        "float(53)|float",
        "float(25)|float",
        "float(24)|real",
        "float(1)|real",
        "real|real",
        "decimal|decimal(18,0)",
        "decimal(10)|decimal(10,0)",
        "decimal(10,2)|decimal(10,2)",
        "DECIMAL ( 10 , 2 )|decimal(10,2)",
        "decimal(1,0)|decimal(1,0)",
        "decimal(38,38)|decimal(38,38)",
        "numeric|numeric(18,0)",
        "numeric(5,1)|numeric(5,1)",
        "money|money",
        "nvarchar|nvarchar(4000)",
        "nvarchar(1)|nvarchar(1)",
        "nvarchar(4000)|nvarchar(4000)",
        "nvarchar(max)|nvarchar(max)",
        "NVARCHAR(MAX)|nvarchar(max)",
        "nchar|nchar(1)",
        "nchar(10)|nchar(10)",
        "nchar(4000)|nchar(4000)",
        "varchar|varchar(8000)",
        "varchar(8000)|varchar(8000)",
        "varchar(max)|varchar(max)",
        "char|char(1)",
        "char(3)|char(3)",
        "datetime2|datetime2(7)",
        "datetime2(0)|datetime2(0)",
        "datetime2(3)|datetime2(3)",
        "datetime|datetime",
        "date|date",
        "time|time(7)",
        "time(0)|time(0)",
        "datetimeoffset|datetimeoffset(7)",
        "DateTimeOffset(2)|datetimeoffset(2)",
        "uniqueidentifier|uniqueidentifier",
        "varbinary|varbinary(8000)",
        "varbinary(16)|varbinary(16)",
        "varbinary(max)|varbinary(max)",
        "binary|binary(1)",
        "binary(8000)|binary(8000)",
    })
    void parsesToCanonicalDeclaration(String declaration, String canonical) {
        SqlType type = SqlType.parse(declaration);
        assertEquals(canonical, type.declaration());
        assertEquals(canonical, type.toString());
        assertEquals(type, SqlType.parse(canonical), "the canonical form parses to the same type");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "   ", "integer", "text", "ntext", "image", "xml", "sql_variant", "smallmoney", "1int",
        "int(4)", "money(4)", "date(1)", "uniqueidentifier(16)",
        "nvarchar(0)", "nvarchar(4001)", "nvarchar(-1)", "nvarchar(abc)", "nvarchar()", "nvarchar(", "nvarchar(10",
        "nvarchar(10) x", "nvarchar(10,2)", "nvarchar(1000000000000)",
        "nchar(0)", "nchar(4001)", "nchar(max)", "varchar(0)", "varchar(8001)", "char(8001)", "char(max)",
        "varbinary(0)", "varbinary(8001)", "binary(0)", "binary(max)",
        "decimal(0)", "decimal(39)", "decimal(39,0)", "decimal(10,11)", "decimal(10,-1)", "decimal(10,2,1)",
        "decimal(10,)", "decimal(,2)", "decimal(max)", "numeric(39,2)",
        "datetime2(8)", "datetime2(-1)", "datetime2(max)", "time(8)", "time(1,2)", "datetimeoffset(8)",
        "float(0)", "float(54)", "float(max)", "float(1,2)",
    })
    void rejectsBadDeclarationsNamingThem(String declaration) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SqlType.parse(declaration));
        assertTrue(e.getMessage().contains("'" + declaration + "'"), e.getMessage());
    }

    @Test
    void rejectsNull() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SqlType.parse(null));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void errorSaysWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SqlType.parse("nvarchar(5000)"));
        assertTrue(e.getMessage().contains("1..4000 or max"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SqlType.parse("decimal(10,11)"));
        assertTrue(e.getMessage().contains("scale"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SqlType.parse("bogus"));
        assertTrue(e.getMessage().contains("unknown type name 'bogus'"), e.getMessage());
    }

    @Test
    void equalityFollowsTheDeclaration() {
        assertEquals(SqlType.parse("DECIMAL(10, 2)"), SqlType.parse("decimal(10,2)"));
        assertEquals(SqlType.parse("DECIMAL(10, 2)").hashCode(), SqlType.parse("decimal(10,2)").hashCode());
        assertEquals(SqlType.parse("nvarchar"), SqlType.parse("nvarchar(4000)"));
        assertNotEquals(SqlType.parse("decimal(10,2)"), SqlType.parse("numeric(10,2)"));
        assertNotEquals(SqlType.parse("nvarchar(10)"), SqlType.parse("nvarchar(11)"));
        assertNotEquals(SqlType.parse("nvarchar(10)"), SqlType.parse("varchar(10)"));
        assertNotEquals(SqlType.parse("int"), "int");
    }
}
