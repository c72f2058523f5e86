package dev.tdsmock.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link LegacyClient} in a separate JVM with the old mssql-jdbc and a java.security file of its own,
 * so that TLS 1.0 and 1.1 can be allowed there without touching the test JVM's security settings.
 */
public final class LegacyJvm {
    /** The JDK's disabled algorithms without TLSv1 and TLSv1.1. */
    private static final String OLD_TLS_ALLOWED = "jdk.tls.disabledAlgorithms=SSLv3, DTLSv1.0, RC4, DES, "
            + "MD5withRSA, DH keySize < 1024, EC keySize < 224, 3DES_EDE_CBC, anon, NULL, ECDH\n";

    private LegacyJvm() {
    }

    /** @param clientProtocols the TLS versions the client offers, e.g. "TLSv1,TLSv1.1" */
    public static String connect(String url, String clientProtocols) throws IOException, InterruptedException {
        Path security = Files.createTempFile("tds-mock-legacy", ".security");
        Path output = Files.createTempFile("tds-mock-legacy", ".out");
        try {
            Files.writeString(security, OLD_TLS_ALLOWED);
            String driver = System.getProperty("tdsmock.oldDriver", "target/old-drivers/mssql-jdbc-old.jar");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.security.properties=" + security,
                    "-Djdk.tls.client.protocols=" + clientProtocols,
                    "-cp", driver + File.pathSeparator + testClasses(),
                    LegacyClient.class.getName(), url));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "TIMEOUT";
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(security);
            Files.deleteIfExists(output);
        }
    }

    private static String testClasses() {
        try {
            return Path.of(LegacyClient.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
