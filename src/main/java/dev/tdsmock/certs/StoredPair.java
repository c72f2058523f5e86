package dev.tdsmock.certs;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** Checks that a key file read from the store belongs to the certificate read next to it. */
final class StoredPair {
    private StoredPair() {
    }

    /** @throws IllegalStateException naming the key file when the key is not the certificate's or cannot be checked */
    static void require(Path keyFile, PrivateKey key, X509Certificate certificate, Path certificateFile) {
        boolean pairs;
        try {
            pairs = KeyType.of(certificate.getPublicKey().getAlgorithm()).pairs(key, certificate.getPublicKey());
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw UnusableFile.error(keyFile, "its key cannot be checked against " + certificateFile.getFileName()
                    + " (" + e.getMessage() + ")", e);
        }
        if (!pairs) {
            throw UnusableFile.error(keyFile, "its key does not belong to the certificate in "
                    + certificateFile.getFileName());
        }
    }
}
