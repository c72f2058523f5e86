package dev.tdsmock.certs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

/** A PKCS#12 file holding one certificate as a trusted entry, for clients that take a trust store. */
final class TrustStoreFile {

    private TrustStoreFile() {
    }

    static void write(Path file, String alias, X509Certificate certificate, char[] password) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(alias, certificate);
            store.store(bytes, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build the trust store for " + file.toAbsolutePath(), e);
        }
        AtomicFiles.writePublic(file, bytes.toByteArray());
    }

    /** True when the file holds the certificate as a trusted entry under the alias. */
    static boolean holds(Path file, String alias, X509Certificate certificate, char[] password) {
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (GeneralSecurityException | IOException e) {
            throw UnusableFile.error(file, "it is not a PKCS#12 store readable with the documented password ("
                    + e.getMessage() + ")", e);
        }
        try {
            return store.isCertificateEntry(alias) && certificate.equals(store.getCertificate(alias));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot inspect " + file.toAbsolutePath(), e);
        }
    }
}
