package dev.tdsmock.junit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.journal.ConnectionRecord;
import dev.tdsmock.journal.Ending;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One healthy server for the whole class, as the annotation gives it to a test class. */
@Timeout(60)
@TdsMock(scenario = "healthy", certificateDirectory = "certs")
class ClassServerTest {
    private static int classPort;
    private final TdsMockServer fromConstructor;

    ClassServerTest(TdsMockServer mock) {
        this.fromConstructor = mock;
    }

    @BeforeAll
    static void rememberPort(TdsMockServer mock) {
        classPort = mock.port();
    }

    @BeforeEach
    void forgetEarlierConnections(TdsMockServer mock) {
        mock.journal().clear();
    }

    private static int selectOne(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1")) {
            assertTrue(rows.next());
            return rows.getInt(1);
        }
    }

    @Test
    void logsInAndSelectsOne(TdsMockServer mock) throws SQLException {
        assertEquals("jdbc:sqlserver://localhost:" + mock.port() + ";encrypt=false;user=sa;password=tds-mock",
                mock.jdbcUrl());
        assertEquals(1, selectOne(mock.jdbcUrl()));

        await().atMost(Duration.ofSeconds(30)).until(mock.journal().endedAtLeast(1));
        ConnectionRecord record = mock.journal().lastEnded().orElseThrow();
        assertEquals(Ending.Side.CLIENT, record.ending().by(), record.toString());
        assertEquals(1, mock.journal().endedCount());
        assertEquals(mock.journal().connections(), mock.journal().ended());
    }

    @Test
    void everyMethodGetsTheClassServer(TdsMockServer mock) {
        assertEquals(classPort, mock.port());
        assertEquals(classPort, fromConstructor.port());
        assertEquals("healthy", mock.scenario());
        assertEquals("127.0.0.1", mock.server().address().getAddress().getHostAddress());
    }

    @Test
    void theCaTrustStoreVerifiesTheServerCertificateForLocalhost(TdsMockServer mock) throws SQLException {
        String trustTheCa = "encrypt=true;trustStore=" + mock.caTrustStore() + ";trustStorePassword="
                + mock.caTrustStorePassword() + ";trustStoreType=PKCS12";
        assertEquals(1, selectOne(mock.jdbcUrl(trustTheCa)));

        await().atMost(Duration.ofSeconds(30)).until(mock.journal().endedAtLeast(1));
        assertNotNull(mock.journal().lastEnded().orElseThrow().tls(), "the session was encrypted");
        assertTrue(mock.caPem().toFile().isFile(), mock.caPem().toString());
    }

    @Test
    @TdsMock(scenario = "no-common-cipher", certificateDirectory = "certs")
    void aMethodAnnotationGivesTheMethodItsOwnServer(TdsMockServer mock) {
        assertNotEquals(classPort, mock.port());
        assertEquals("no-common-cipher", mock.scenario());

        SQLException refused = assertThrows(SQLException.class,
                () -> selectOne(mock.jdbcUrl("encrypt=true;trustServerCertificate=true")));
        assertTrue(refused.getMessage().contains("Connection reset"), refused.getMessage());
        await().atMost(Duration.ofSeconds(30)).until(mock.journal().anyEndedWith(Ending.Kind.RST));
    }

    @Test
    @TdsMock(scenario = "scenarios/healthy.conf", certificateDirectory = "certs")
    void aScenarioFileByPath(TdsMockServer mock) throws SQLException {
        assertNotEquals(classPort, mock.port());
        assertEquals(1, selectOne(mock.jdbcUrl()));
    }

    @Nested
    class InANestedClass {
        @Test
        void theOuterClassServerIsSeen(TdsMockServer mock) {
            assertEquals(classPort, mock.port());
        }
    }
}
