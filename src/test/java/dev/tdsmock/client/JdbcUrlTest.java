package dev.tdsmock.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JdbcUrlTest {
    @Test
    void defaults() {
        assertEquals("jdbc:sqlserver://localhost:1433;encrypt=false;user=sa;password=tds-mock",
                JdbcUrl.of("localhost", 1433, ""));
    }

    @Test
    void extraPropertiesReplaceDefaultsOfTheSameName() {
        assertEquals("jdbc:sqlserver://localhost:5;user=sa;password=tds-mock;Encrypt=true;trustServerCertificate=true",
                JdbcUrl.of("localhost", 5, "Encrypt=true;trustServerCertificate=true"));
        assertEquals("jdbc:sqlserver://localhost:5;encrypt=false;userName=bob;password={a;b}",
                JdbcUrl.of("localhost", 5, ";userName=bob; password={a;b};"));
    }
}
