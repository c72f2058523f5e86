package dev.tdsmock.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import dev.tdsmock.scenario.ScenarioLoader;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.Journals;
import dev.tdsmock.support.TestServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** tls.strict: TDS 8.0 only (the strict-only scenario) and TDS 7.x only, met by mssql-jdbc 13. */
@Timeout(60)
class StrictModeTest {
    private TdsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String url(String options) {
        CertificateStore certificates = TestServers.certificates();
        return "jdbc:sqlserver://localhost:" + server.port() + ";user=sa;password=x;loginTimeout=15;connectRetryCount=0;"
                + "transparentNetworkIPResolution=false;trustStore=" + certificates.caTrustStore().toAbsolutePath()
                + ";trustStorePassword=" + CertificateStore.TRUST_STORE_PASSWORD + ";trustStoreType=PKCS12;" + options;
    }

    @Test
    void strictOnlyServesTds8AndResetsTds7() throws Exception {
        server = TestServers.start("strict-only");
        try (Connection connection = DriverManager.getConnection(url("encrypt=strict"))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
        SQLException reset = assertThrows(SQLException.class, () -> DriverManager.getConnection(url("encrypt=true")));
        assertTrue(reset.getMessage().contains("Connection reset"), reset.getMessage());
        ConnectionRecord refused = Journals.awaitEnded(server, 2).get(1);
        assertEquals(Ending.Kind.RST, refused.ending().kind());
        assertEquals("first-bytes", refused.ending().during());
        assertTrue(refused.ending().reason().contains("TDS 7.x (first byte 0x12) refused"), refused.toString());
    }

    @Test
    void tds7OnlyResetsATlsFirstClient() throws Exception {
        server = TdsServer.start(new ScenarioLoader(TestServers.SCENARIOS).load("healthy",
                ConfigFactory.parseString("tls.strict = refused")).withListener("127.0.0.1", 0),
                TestServers.certificates());
        SQLException reset = assertThrows(SQLException.class, () -> DriverManager.getConnection(url("encrypt=strict")));
        assertTrue(reset.getMessage().contains("reset") || reset.getMessage().contains("closed"), reset.getMessage());
        try (Connection connection = DriverManager.getConnection(url("encrypt=true"))) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
        ConnectionRecord refused = Journals.awaitEnded(server, 1).get(0);
        assertEquals(Ending.Kind.RST, refused.ending().kind());
        assertTrue(refused.ending().reason().contains("TDS 8.0 (TLS first) refused"), refused.toString());
    }
}
