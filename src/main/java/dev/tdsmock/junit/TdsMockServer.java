package dev.tdsmock.junit;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.client.JdbcUrl;
import dev.tdsmock.server.TdsServer;
import java.nio.file.Path;

/** A running tds-mock server as a test sees it: where it is, how to reach it, and what it recorded. */
public final class TdsMockServer {
    /** The login the JDBC URLs carry; every scenario that accepts logins accepts any SQL login. */
    public static final String USER = JdbcUrl.USER;
    public static final String PASSWORD = JdbcUrl.PASSWORD;

    private final TdsServer server;
    private final CertificateStore certificates;
    private final TdsMockJournal journal;
    private final TdsMockFaults faults;

    TdsMockServer(TdsServer server, CertificateStore certificates) {
        this.server = server;
        this.certificates = certificates;
        this.journal = new TdsMockJournal(server.journal());
        this.faults = new TdsMockFaults(server.faults());
    }

    /** The name the server certificate is valid for; it resolves to the loopback address the server listens on. */
    public String host() {
        return "localhost";
    }

    public int port() {
        return server.port();
    }

    /** The name of the scenario being served. */
    public String scenario() {
        return server.scenario().name();
    }

    /** A Microsoft JDBC URL to this server: encrypt=false, user sa, password tds-mock. */
    public String jdbcUrl() {
        return jdbcUrl("");
    }

    /**
     * The same URL with more properties, such as "encrypt=true;trustServerCertificate=true"; a property given
     * here replaces the default of the same name.
     */
    public String jdbcUrl(String extraProperties) {
        return JdbcUrl.of(host(), port(), extraProperties);
    }

    /** The test CA's certificate (PEM), for clients that trust a CA file. */
    public Path caPem() {
        return certificates.caPem().toAbsolutePath();
    }

    /** A PKCS#12 trust store holding the test CA. */
    public Path caTrustStore() {
        return certificates.caTrustStore().toAbsolutePath();
    }

    public String caTrustStorePassword() {
        return CertificateStore.TRUST_STORE_PASSWORD;
    }

    public TdsMockJournal journal() {
        return journal;
    }

    /** The faults in force: add, remove, and see how often each fired. */
    public TdsMockFaults faults() {
        return faults;
    }

    /** The server itself, for what this handle does not offer. */
    public TdsServer server() {
        return server;
    }

    @Override
    public String toString() {
        return "tds-mock '" + scenario() + "' on " + host() + ":" + port();
    }
}
