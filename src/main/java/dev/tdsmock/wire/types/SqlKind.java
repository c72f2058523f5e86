package dev.tdsmock.wire.types;

import java.util.Locale;
import java.util.Optional;

/** The SQL Server type families that {@link SqlType} can describe. */
enum SqlKind {
    INT, BIGINT, SMALLINT, TINYINT, BIT,
    FLOAT, REAL,
    DECIMAL, NUMERIC, MONEY,
    NVARCHAR, NCHAR, VARCHAR, CHAR,
    VARBINARY, BINARY,
    DATETIME2, DATETIME, DATE, TIME, DATETIMEOFFSET,
    UNIQUEIDENTIFIER;

    /** The T-SQL name of the type, as written in declarations. */
    String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<SqlKind> forKeyword(String keyword) {
        for (SqlKind kind : values()) {
            if (kind.keyword().equals(keyword)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    boolean isUnicode() {
        return this == NVARCHAR || this == NCHAR;
    }

    boolean isCharacter() {
        return isUnicode() || this == VARCHAR || this == CHAR;
    }

    boolean isBinary() {
        return this == VARBINARY || this == BINARY;
    }

    /** Character and binary types, declared with a length. */
    boolean hasLength() {
        return isCharacter() || isBinary();
    }

    /** char, nchar and binary: shorter values are padded to the declared length. */
    boolean isPadded() {
        return this == CHAR || this == NCHAR || this == BINARY;
    }

    boolean allowsMax() {
        return this == NVARCHAR || this == VARCHAR || this == VARBINARY;
    }

    /** The largest length that may be declared without (max): characters for n-types, bytes otherwise. */
    int largestLength() {
        return isUnicode() ? 4000 : 8000;
    }

    boolean isExactDecimal() {
        return this == DECIMAL || this == NUMERIC;
    }

    /** datetime2, time and datetimeoffset, declared with a fractional-second scale. */
    boolean hasFractionalSeconds() {
        return this == DATETIME2 || this == TIME || this == DATETIMEOFFSET;
    }
}
