package dev.tdsmock.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class CertificateStoreConcurrencyTest {

    private static final Set<String> STORE_FILES =
            Set.of(".lock", "ca.pem", "ca.key.pem", "ca.p12", "server.pem", "server.key.pem");

    @TempDir
    Path dir;

    @Test
    void threadsOpeningAFreshDirectoryTogetherShareOneCa() throws Exception {
        Path certs = dir.resolve("certs");
        int threads = 4;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<CertificateStore>> opened = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                opened.add(pool.submit(() -> {
                    start.await();
                    return CertificateStore.open(certs);
                }));
            }
            List<CertificateStore> stores = new ArrayList<>();
            for (Future<CertificateStore> future : opened) {
                stores.add(future.get(2, TimeUnit.MINUTES));
            }

            X509Certificate ca = PemFiles.readCertificates(certs.resolve("ca.pem")).get(0);
            X509Certificate server = PemFiles.readCertificates(certs.resolve("server.pem")).get(0);
            for (CertificateStore store : stores) {
                assertEquals(ca, store.ca());
                assertEquals(server, store.server().leaf());
            }
            assertEquals(STORE_FILES, fileNames(certs), "no temporary file is left behind");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void processesOpeningAFreshDirectoryTogetherShareOneCa() throws Exception {
        Path certs = dir.resolve("certs");
        List<Process> processes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                processes.add(new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"),
                        StoreOpener.class.getName(), certs.toString())
                        .redirectErrorStream(true)
                        .start());
            }
            List<BufferedReader> outputs = new ArrayList<>();
            for (Process process : processes) {
                BufferedReader output = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("ready", output.readLine());
                outputs.add(output);
            }
            for (Process process : processes) {
                process.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
                process.getOutputStream().flush();
            }
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < processes.size(); i++) {
                String serials = outputs.get(i).readLine();
                assertTrue(processes.get(i).waitFor(2, TimeUnit.MINUTES), "the child JVM finished");
                String rest = outputs.get(i).lines().collect(Collectors.joining("\n"));
                assertEquals(0, processes.get(i).exitValue(), serials + "\n" + rest);
                seen.add(serials);
            }

            // opened afterwards, so that this warm JVM cannot win the race before the children have started
            String onDisk = serials(CertificateStore.open(certs));
            assertEquals(List.of(onDisk, onDisk, onDisk), seen);
            assertEquals(STORE_FILES, fileNames(certs));
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    /** The CA's and the default server certificate's serial numbers, as one line. */
    static String serials(CertificateStore store) {
        return store.ca().getSerialNumber().toString(16) + " " + store.server().leaf().getSerialNumber().toString(16);
    }

    private static Set<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
