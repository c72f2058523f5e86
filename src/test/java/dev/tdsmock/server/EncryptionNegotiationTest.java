package dev.tdsmock.server;

import static dev.tdsmock.server.EncryptionNegotiation.Mode.FULL;
import static dev.tdsmock.server.EncryptionNegotiation.Mode.LOGIN_ONLY;
import static dev.tdsmock.server.EncryptionNegotiation.Mode.NONE;
import static dev.tdsmock.server.EncryptionNegotiation.Mode.TERMINATE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tdsmock.scenario.ServerEncryption;
import dev.tdsmock.wire.Encryption;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every cell of the MS-TDS PRELOGIN encryption matrix. */
class EncryptionNegotiationTest {
    @ParameterizedTest(name = "client {0}, server {1} -> answer {2}, {3}")
    @CsvSource({
        "OFF,     OFF,           OFF,     LOGIN_ONLY",
        "ON,      OFF,           ON,      FULL",
        "REQ,     OFF,           ON,      FULL",
        "NOT_SUP, OFF,           NOT_SUP, NONE",
        "OFF,     REQUIRED,      REQ,     FULL",
        "ON,      REQUIRED,      ON,      FULL",
        "REQ,     REQUIRED,      ON,      FULL",
        "NOT_SUP, REQUIRED,      REQ,     TERMINATE",
        "OFF,     NOT_SUPPORTED, NOT_SUP, NONE",
        "ON,      NOT_SUPPORTED, NOT_SUP, TERMINATE",
        "REQ,     NOT_SUPPORTED, NOT_SUP, TERMINATE",
        "NOT_SUP, NOT_SUPPORTED, NOT_SUP, NONE",
    })
    void matrix(String client, ServerEncryption server, String reply, EncryptionNegotiation.Mode mode) {
        EncryptionNegotiation.Outcome outcome = EncryptionNegotiation.decide(value(client), server);
        assertEquals(value(reply), outcome.reply());
        assertEquals(mode, outcome.mode());
    }

    @ParameterizedTest
    @CsvSource({"OFF, LOGIN_ONLY", "REQUIRED, FULL", "NOT_SUPPORTED, NONE"})
    void aClientThatSendsNoEncryptionOptionCountsAsOff(ServerEncryption server, EncryptionNegotiation.Mode mode) {
        assertEquals(mode, EncryptionNegotiation.decide(null, server).mode());
    }

    @ParameterizedTest
    @CsvSource({"OFF", "REQUIRED", "NOT_SUPPORTED"})
    void anUndefinedValueEndsTheConnection(ServerEncryption server) {
        assertEquals(TERMINATE, EncryptionNegotiation.decide(0x07, server).mode());
    }

    private static int value(String name) {
        return switch (name) {
            case "OFF" -> Encryption.OFF;
            case "ON" -> Encryption.ON;
            case "NOT_SUP" -> Encryption.NOT_SUP;
            case "REQ" -> Encryption.REQ;
            default -> throw new IllegalArgumentException(name);
        };
    }
}
