package dev.tdsmock.certs;

import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Run in a fresh JVM by {@link SecurityProvidersTest}: prints the installed providers, generates and loads a
 * store, and prints the providers again. A fresh JVM shows changes that earlier tests in the test JVM would hide.
 */
public final class ProviderListPrinter {

    private ProviderListPrinter() {
    }

    public static void main(String[] args) {
        System.out.println(providerNames());
        SecurityProvidersTest.generateAndLoad(Path.of(args[0]));
        System.out.println(providerNames());
    }

    private static String providerNames() {
        return Arrays.stream(Security.getProviders()).map(Provider::getName).collect(Collectors.joining(","));
    }
}
