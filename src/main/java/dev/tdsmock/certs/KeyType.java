package dev.tdsmock.certs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;

import org.bouncycastle.asn1.x509.KeyUsage;

/** The key algorithms a server identity can have, with what differs between them. */
enum KeyType {
    RSA(KeyUsage.digitalSignature | KeyUsage.keyEncipherment, "SHA256withRSA"),
    EC(KeyUsage.digitalSignature, "SHA256withECDSA");

    /** Static RSA key exchange encrypts to the key; with EC the key only signs. */
    final int keyUsage;
    private final String proofSignature;

    KeyType(int keyUsage, String proofSignature) {
        this.keyUsage = keyUsage;
        this.proofSignature = proofSignature;
    }

    static KeyType of(String algorithm) {
        try {
            return valueOf(algorithm.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key algorithm must be RSA or EC, not " + algorithm, e);
        }
    }

    KeyPair generate(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(name());
        if (this == RSA) {
            generator.initialize(2048, random);
        } else {
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        }
        return generator.generateKeyPair();
    }

    boolean holds(PublicKey key) {
        return name().equals(key.getAlgorithm());
    }

    /** True when the private key is the partner of the public key: a signature by one verifies with the other. */
    boolean pairs(PrivateKey privateKey, PublicKey publicKey) throws GeneralSecurityException {
        byte[] challenge = "tds-mock key check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(proofSignature);
        signer.initSign(privateKey);
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(proofSignature);
        verifier.initVerify(publicKey);
        verifier.update(challenge);
        return verifier.verify(signature);
    }
}
