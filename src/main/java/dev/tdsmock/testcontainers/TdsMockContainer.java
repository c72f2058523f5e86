package dev.tdsmock.testcontainers;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.tdsmock.client.ControlClient;
import dev.tdsmock.client.JdbcUrl;
import dev.tdsmock.client.ListenerState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * tds-mock's container image ({@code docker/Dockerfile}) for Testcontainers 2.x: every scenario at once, each on
 * its own port (the image's command), or one scenario on 1433 ({@link #withScenario(String)}); the control API on
 * 14300, with a token of its own; ready once {@code GET /health} answers 200.
 *
 * <pre>{@code
 * try (TdsMockContainer tdsMock = new TdsMockContainer()) {
 *     tdsMock.start();
 *     try (Connection c = DriverManager.getConnection(tdsMock.jdbcUrl())) { ... }          // healthy, 1433
 *     String faulty = tdsMock.jdbcUrl("no-common-cipher", "encrypt=true;trustServerCertificate=true");
 *     ControlClient control = tdsMock.control();                                          // token included
 *     control.addFault(TdsMockContainer.TDS_PORT, Map.of("type", "close", "at", "login", "ending", "rst"));
 *     control.journal(JournalFilter.onPort(TdsMockContainer.TDS_PORT));
 * }
 * }</pre>
 *
 * <p>Ports: the container side of a scenario's port is the one its file names (1433 for healthy, 14301-14399 for
 * the others; every scenario's on 1433 under {@link #withScenario(String)}); {@link #mappedPort(String)} gives the
 * host side. Which container ports are exposed is read, before the start, from the scenarios packaged in the
 * tds-mock jar this class comes from (so an image of the same version); which scenario is on which port is read,
 * after the start, from the server itself ({@code GET /listeners}). A scenario the image has and this jar lacks
 * needs its port exposed by hand ({@link #addExposedPort(Integer)} before the start).
 *
 * <p>The control API's calls take the token ({@link #controlToken()}), which this container makes at random and
 * gives the server in {@code TDS_MOCK_CONTROL_TOKEN}; {@link #control()} sends it. The control API's port numbers are
 * the container's ({@link #TDS_PORT}, or a scenario's from {@link #scenarioPorts()}), not the mapped ones.
 *
 * <p>The image holds no JDBC driver: the test brings mssql-jdbc (or another client). Testcontainers itself is an
 * optional dependency of tds-mock: a project that uses this class brings its own Testcontainers 2.x.
 */
public class TdsMockContainer extends GenericContainer<TdsMockContainer> {
    /** The image docker/check.sh and README build: {@code localhost/tds-mock:latest}. */
    public static final DockerImageName DEFAULT_IMAGE = DockerImageName.parse("localhost/tds-mock:latest");
    /** The container port of healthy under every scenario, or of the one scenario of {@link #withScenario}. */
    public static final int TDS_PORT = 1433;
    /** The container port of the control API. */
    public static final int CONTROL_PORT = 14300;
    /** The password of {@link #caTrustStore()}. */
    public static final String CA_TRUST_STORE_PASSWORD = "changeit";
    /** The host name the server certificate is made for (with 127.0.0.1 and ::1). */
    public static final String CERTIFICATE_HOST = "localhost";

    private static final int SCENARIO_FIRST = 14301;
    private static final int SCENARIO_LAST = 14399;
    private static final Pattern SCENARIO_NAME = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

    private String controlToken = newToken();
    private String scenario;
    private volatile Map<String, Integer> scenarioPorts = Map.of();
    private volatile String caPem;
    private volatile Path caTrustStore;

    /** The default image, {@link #DEFAULT_IMAGE}. */
    public TdsMockContainer() {
        this(DEFAULT_IMAGE);
    }

    /** An image of tds-mock by name, such as {@code "registry.example.com/qa/tds-mock:1.4"}. */
    public TdsMockContainer(String image) {
        this(DockerImageName.parse(image));
    }

    /**
     * An image built from docker/Dockerfile (its entry point takes tds-mock's command line; its command serves
     * every scenario).
     */
    public TdsMockContainer(DockerImageName image) {
        super(Objects.requireNonNull(image, "image"));
        waitingFor(Wait.forHttp("/health").forPort(CONTROL_PORT).forStatusCode(200)
                .withStartupTimeout(STARTUP_TIMEOUT));
    }

    /**
     * Serves only this scenario, on {@link #TDS_PORT} (1433), instead of every scenario on its own port.
     *
     * @param name a scenario of the image (scenarios/NAME.conf: letters, digits, {@code -}, {@code _}); null for
     *     every scenario again
     * @throws IllegalArgumentException when it is not a scenario name
     */
    public TdsMockContainer withScenario(String name) {
        if (name != null && !SCENARIO_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a scenario name: letters, digits, '-' and '_'"
                    + " (`podman run IMAGE --list` prints the image's)");
        }
        this.scenario = name;
        return self();
    }

    /**
     * The control API's token, instead of the one made at random for this container.
     *
     * @throws IllegalArgumentException when it is blank
     */
    public TdsMockContainer withControlToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the control token is blank");
        }
        this.controlToken = token;
        return self();
    }

    @Override
    protected void configure() {
        withEnv("TDS_MOCK_CONTROL_TOKEN", controlToken);
        Set<Integer> ports = new LinkedHashSet<>(getExposedPorts());
        ports.add(TDS_PORT);
        ports.add(CONTROL_PORT);
        if (scenario != null) {
            setCommand("--scenario", scenario, "--port", String.valueOf(TDS_PORT), "--host", "0.0.0.0",
                    "--scenarios", "/opt/tds-mock/scenarios",
                    "--certs", "/data/certs",
                    "--journal", "/data/journal.jsonl",
                    "--control-host", "0.0.0.0", "--control-port", String.valueOf(CONTROL_PORT));
        } else {
            Map<String, Integer> packaged = PackagedScenarios.ports();
            if (packaged.isEmpty()) {
                // Not listable from here: every port the image reserves for scenarios.
                IntStream.rangeClosed(SCENARIO_FIRST, SCENARIO_LAST).forEach(ports::add);
            } else {
                ports.addAll(packaged.values());
            }
        }
        setExposedPorts(new ArrayList<>(ports));
    }

    @Override
    protected void containerIsStarted(InspectContainerResponse containerInfo) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (ListenerState listener : control().listeners()) {
            ports.putIfAbsent(listener.scenario(), listener.port());
        }
        scenarioPorts = Collections.unmodifiableMap(ports);
    }

    @Override
    protected void containerIsStopping(InspectContainerResponse containerInfo) {
        scenarioPorts = Map.of();
        caPem = null;
        Path store = caTrustStore;
        caTrustStore = null;
        if (store != null) {
            try {
                Files.deleteIfExists(store);
            } catch (IOException e) {
                logger().debug("could not delete {}", store, e);
            }
        }
    }

    /** The control API's token, given to the server in {@code TDS_MOCK_CONTROL_TOKEN}. */
    public String controlToken() {
        return controlToken;
    }

    /** The scenario of {@link #withScenario(String)}, or null for every scenario. */
    public String scenario() {
        return scenario;
    }

    /** The control API's address on the host: {@code http://HOST:MAPPED_14300}. */
    public URI controlUri() {
        return URI.create("http://" + getHost() + ":" + getMappedPort(CONTROL_PORT));
    }

    /**
     * A client of the control API (switch a port's scenario, add and remove faults, read the journal and the
     * counters), sending {@link #controlToken()}; its port numbers are the container's.
     *
     * @throws IllegalStateException when the container is not running
     */
    public ControlClient control() {
        return ControlClient.of(controlUri(), controlToken);
    }

    /**
     * Each scenario the server was started with and the container port it listens on, as {@code GET /listeners}
     * said once the container was ready (a scenario switched later is not followed).
     *
     * @return in the server's order (by port); empty before the start
     */
    public Map<String, Integer> scenarioPorts() {
        return scenarioPorts;
    }

    /**
     * The host port where a scenario's listener is reachable (its container port mapped).
     *
     * @throws IllegalArgumentException when the server was not started with that scenario
     * @throws IllegalStateException when the container is not running, or when the scenario's port was not exposed
     *     (a scenario this jar does not package: {@link #addExposedPort(Integer)} before the start)
     */
    public int mappedPort(String scenarioName) {
        Integer port = scenarioPorts.get(scenarioName);
        if (port == null) {
            if (!isRunning()) {
                throw new IllegalStateException("the container is not running: start it first");
            }
            throw new IllegalArgumentException("the server serves no scenario '" + scenarioName + "'; it serves "
                    + scenarioPorts.keySet());
        }
        if (!getExposedPorts().contains(port)) {
            throw new IllegalStateException("scenario '" + scenarioName + "' is on container port " + port
                    + ", which was not exposed: call addExposedPort(" + port + ") before start()");
        }
        return getMappedPort(port);
    }

    /**
     * Every scenario the server was started with and its host port, for those whose container port is exposed.
     *
     * @return in the server's order (by container port); empty before the start
     */
    public Map<String, Integer> mappedPorts() {
        Map<String, Integer> mapped = new LinkedHashMap<>();
        scenarioPorts.forEach((name, port) -> {
            if (getExposedPorts().contains(port)) {
                mapped.put(name, getMappedPort(port));
            }
        });
        return Collections.unmodifiableMap(mapped);
    }

    /**
     * A Microsoft JDBC URL to port 1433 (healthy, or the scenario of {@link #withScenario}):
     * {@code jdbc:sqlserver://HOST:PORT;encrypt=false;user=sa;password=tds-mock}. For TLS, either
     * {@code jdbcUrl(scenario, "encrypt=true;trustServerCertificate=true")} (no check of the certificate) or
     * {@link #verifiedJdbcUrl()} (checked against the container's CA).
     */
    public String jdbcUrl() {
        return JdbcUrl.of(getHost(), getMappedPort(TDS_PORT), "");
    }

    /** The same URL to the port of a scenario (see {@link #mappedPort(String)}). */
    public String jdbcUrl(String scenarioName) {
        return jdbcUrl(scenarioName, "");
    }

    /**
     * The same URL with more properties; a property named like one of the defaults replaces it.
     *
     * @param extraProperties such as {@code "encrypt=true;trustServerCertificate=true;loginTimeout=5"}
     */
    public String jdbcUrl(String scenarioName, String extraProperties) {
        return JdbcUrl.of(getHost(), mappedPort(scenarioName), Objects.requireNonNull(extraProperties));
    }

    /**
     * A JDBC URL to port 1433 over TLS that checks the server's certificate against the container's CA:
     * {@code encrypt=true;trustServerCertificate=false;hostNameInCertificate=localhost}, with
     * {@link #caTrustStore()} as the trust store.
     */
    public String verifiedJdbcUrl() {
        return JdbcUrl.of(getHost(), getMappedPort(TDS_PORT), verifiedProperties());
    }

    /** The same to the port of a scenario. */
    public String verifiedJdbcUrl(String scenarioName) {
        return verifiedJdbcUrl(scenarioName, "");
    }

    /**
     * The same with more properties, which replace those of the same name: {@code "encrypt=strict"} for TDS 8.0.
     */
    public String verifiedJdbcUrl(String scenarioName, String extraProperties) {
        return JdbcUrl.of(getHost(), mappedPort(scenarioName),
                verifiedProperties() + ";" + Objects.requireNonNull(extraProperties));
    }

    private String verifiedProperties() {
        return "encrypt=true;trustServerCertificate=false;hostNameInCertificate=" + CERTIFICATE_HOST
                + ";trustStore=" + caTrustStore() + ";trustStorePassword=" + CA_TRUST_STORE_PASSWORD;
    }

    /**
     * The test CA's certificate, PEM ({@code GET /ca.pem}), that the server's certificates chain to; made in the
     * container on its first start.
     */
    public String caPem() {
        String pem = caPem;
        if (pem == null) {
            pem = control().caPem();
            caPem = pem;
        }
        return pem;
    }

    /**
     * A PKCS#12 trust store holding {@link #caPem()} (password {@link #CA_TRUST_STORE_PASSWORD}), in a temporary
     * file deleted when the container stops.
     */
    public synchronized Path caTrustStore() {
        Path store = caTrustStore;
        if (store != null && Files.isRegularFile(store)) {
            return store;
        }
        try {
            Certificate ca = CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(caPem().getBytes(StandardCharsets.US_ASCII)));
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setCertificateEntry("tds-mock-ca", ca);
            store = Files.createTempFile("tds-mock-ca-", ".p12");
            try (OutputStream out = Files.newOutputStream(store)) {
                keyStore.store(out, CA_TRUST_STORE_PASSWORD.toCharArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CA's trust store", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("GET /ca.pem did not give a usable certificate", e);
        }
        store.toFile().deleteOnExit();
        caTrustStore = store;
        return store;
    }

    private static String newToken() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return "tc-" + HexFormat.of().formatHex(bytes);
    }
}
