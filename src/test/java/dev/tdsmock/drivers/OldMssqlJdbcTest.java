package dev.tdsmock.drivers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.server.TdsServer;
import dev.tdsmock.support.Jdbc;
import dev.tdsmock.support.LogCapture;
import dev.tdsmock.support.TestServers;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An old Microsoft JDBC driver (7.0.0.jre8, copied aside by the build) in a class loader of its own, so it
 * does not meet the newest one on the test class path.
 */
@Timeout(60)
class OldMssqlJdbcTest {
    private static TdsServer server;
    private static LogCapture log;
    private static URLClassLoader loader;
    private static Driver driver;

    @BeforeAll
    static void start() throws Exception {
        Path jar = Path.of(System.getProperty("tdsmock.oldDriver", "target/old-drivers/mssql-jdbc-old.jar"));
        assertTrue(Files.isRegularFile(jar), "the build copies the old driver to " + jar);
        loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        driver = (Driver) loader.loadClass("com.microsoft.sqlserver.jdbc.SQLServerDriver")
                .getDeclaredConstructor().newInstance();
        log = new LogCapture();
        server = TestServers.start("healthy");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        log.close();
        loader.close();
    }

    @Test
    void encryptTrueWithTrustServerCertificate() throws Exception {
        assertEquals(7, driver.getMajorVersion());
        Properties properties = new Properties();
        properties.setProperty("user", "sa");
        properties.setProperty("password", "Secret123!");
        String url = "jdbc:sqlserver://127.0.0.1:" + server.port()
                + ";encrypt=true;trustServerCertificate=true;loginTimeout=15";
        try (Connection connection = driver.connect(url, properties)) {
            assertEquals(1, Jdbc.single(connection, "SELECT 1"));
        }
        log.awaitLine("Microsoft JDBC Driver 7.0");
        log.awaitLine("TLS established: TLSv1.2");
    }
}
