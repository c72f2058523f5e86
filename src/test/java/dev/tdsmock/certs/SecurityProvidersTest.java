package dev.tdsmock.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The store runs in the same JVM as the client under test, so it must leave the JVM's providers alone. */
class SecurityProvidersTest {

    @TempDir
    Path dir;

    @Test
    void generatingAndLoadingLeavesTheInstalledProvidersAsTheyWere() {
        List<String> before = providerNames();

        generateAndLoad(dir);

        assertEquals(before, providerNames());
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void generatingAndLoadingInAFreshJvmLeavesItsProvidersAsTheyWere() throws Exception {
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                ProviderListPrinter.class.getName(), dir.toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the child JVM finished");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);

        List<String> lines = output.lines().toList();
        assertEquals(2, lines.size(), output);
        assertTrue(lines.get(0).contains("SunRsaSign"), output);
        assertEquals(lines.get(0), lines.get(1));
    }

    /** Generation of every kind of identity, then loading all of it back from the files. */
    static void generateAndLoad(Path directory) {
        CertificateStore generated = CertificateStore.open(directory);
        generated.identity("ecdsa", "EC", "SHA256withRSA");
        generated.identity("cert-md5", "RSA", "MD5withRSA");
        CertificateStore loaded = CertificateStore.open(directory);
        loaded.identity("ecdsa", "EC", "SHA256withRSA");
        loaded.identity("cert-md5", "RSA", "MD5withRSA");
        TrustStoreFile.holds(loaded.caTrustStore(), CertificateStore.CA_ALIAS, loaded.ca(),
                CertificateStore.TRUST_STORE_PASSWORD.toCharArray());
    }

    private static List<String> providerNames() {
        return Arrays.stream(Security.getProviders()).map(Provider::getName).toList();
    }
}
