package dev.tdsmock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.LogCapture;
import dev.tdsmock.support.Packets;
import dev.tdsmock.support.RawClient;
import dev.tdsmock.support.TestServers;
import dev.tdsmock.wire.Encryption;
import dev.tdsmock.wire.PreLogin;
import dev.tdsmock.wire.PreLoginCodec;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The encryption matrix on the wire: the answers, and the cells where the server ends the connection. */
@Timeout(60)
class EncryptionMatrixTest {
    private static PreLogin answerTo(RawClient client, int encryption) throws IOException {
        client.send(Packets.preLogin(encryption));
        byte[] reply = client.readPacket();
        assertEquals(0x04, reply[0]);
        return PreLoginCodec.decode(Unpooled.wrappedBuffer(reply, 8, reply.length - 8));
    }

    @Test
    void forcedEncryptionCutsOffAClientThatCannotEncrypt() throws IOException {
        try (LogCapture log = new LogCapture(); TdsServer server = TestServers.start("encryption-required.conf");
             RawClient client = new RawClient(server.port())) {
            assertEquals(Encryption.REQ, answerTo(client, Encryption.NOT_SUP).encryption());
            assertTrue(client.closedByServer());
            log.awaitLine("WARN", "PRELOGIN encryption mismatch: server requires encryption, client cannot");
        }
    }

    @Test
    void forcedEncryptionEncryptsAClientThatAskedForNone() throws SQLException {
        try (LogCapture log = new LogCapture(); TdsServer server = TestServers.start("encryption-required.conf");
             Connection connection = DriverManager.getConnection("jdbc:sqlserver://127.0.0.1:" + server.port()
                     + ";user=sa;password=x;encrypt=false;trustServerCertificate=true;loginTimeout=15")) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            log.awaitLine("answer REQ (server requires encryption)");
            log.awaitLine("TLS established");
            assertEquals(0, log.count("TLS dropped"));
        }
    }

    @Test
    void aServerWithoutEncryptionServesAClientThatNeedsNone() throws SQLException {
        try (LogCapture log = new LogCapture(); TdsServer server = TestServers.start("encryption-not-supported.conf");
             Connection connection = DriverManager.getConnection("jdbc:sqlserver://127.0.0.1:" + server.port()
                     + ";user=sa;password=x;encrypt=false;loginTimeout=15")) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
            assertEquals(0, log.count("TLS established"));
        }
    }

    @Test
    void aServerWithoutEncryptionEndsAClientThatRequiresIt() throws IOException, SQLException {
        try (LogCapture log = new LogCapture(); TdsServer server = TestServers.start("encryption-not-supported.conf")) {
            try (RawClient client = new RawClient(server.port())) {
                assertEquals(Encryption.NOT_SUP, answerTo(client, Encryption.ON).encryption());
                assertTrue(client.closedByServer());
            }
            log.awaitLine("PRELOGIN encryption mismatch: client requires encryption, server cannot encrypt");
            SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                    "jdbc:sqlserver://127.0.0.1:" + server.port()
                            + ";user=sa;password=x;encrypt=true;trustServerCertificate=true;loginTimeout=15"));
            assertTrue(refused.getMessage().contains("SSL"), refused.getMessage());
        }
    }

    @Test
    void aClientCertificateRequestIsRefused() throws IOException {
        try (LogCapture log = new LogCapture(); TdsServer server = TestServers.start("healthy");
             RawClient client = new RawClient(server.port())) {
            assertEquals(Encryption.ON, answerTo(client, Encryption.ON | Encryption.CLIENT_CERT).encryption());
            assertTrue(client.closedByServer());
            log.awaitLine("WARN", "CLIENT_CERT bit");
        }
    }

    @Test
    void aRefusedLoginReachesTheDriver() {
        try (LogCapture log = new LogCapture(); TdsServer server = TestServers.start("login-error.conf")) {
            SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                    "jdbc:sqlserver://127.0.0.1:" + server.port() + ";user=sa;password=x;encrypt=false;loginTimeout=15"));
            assertEquals(18456, refused.getErrorCode());
            assertTrue(refused.getMessage().contains("Login failed for user 'sa'."), refused.getMessage());
            log.awaitLine("login refused with error 18456");
        }
    }
}
