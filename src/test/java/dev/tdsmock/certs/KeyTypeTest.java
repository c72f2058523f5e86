package dev.tdsmock.certs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class KeyTypeTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void anRsaKeyPairsWithItsOwnCertificateKeyOnly() throws Exception {
        KeyPair one = KeyType.RSA.generate(RANDOM);
        KeyPair other = KeyType.RSA.generate(RANDOM);
        assertTrue(KeyType.RSA.pairs(one.getPrivate(), one.getPublic()));
        assertFalse(KeyType.RSA.pairs(one.getPrivate(), other.getPublic()));
    }

    @Test
    void anEcKeyPairsWithItsOwnCertificateKeyOnly() throws Exception {
        KeyPair one = KeyType.EC.generate(RANDOM);
        KeyPair other = KeyType.EC.generate(RANDOM);
        assertTrue(KeyType.EC.pairs(one.getPrivate(), one.getPublic()));
        assertFalse(KeyType.EC.pairs(one.getPrivate(), other.getPublic()));
    }
}
