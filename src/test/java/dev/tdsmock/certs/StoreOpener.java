package dev.tdsmock.certs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Run in a separate JVM by the concurrency test: says "ready", waits for a line on standard input so that all
 * such processes start together, opens the store and prints the serials it ended up with.
 */
public final class StoreOpener {

    private StoreOpener() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("ready");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        CertificateStore store = CertificateStore.open(Path.of(args[0]));
        System.out.println(CertificateStoreConcurrencyTest.serials(store));
    }
}
