package dev.tdsmock.certs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
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

    /**
     * True when the private key is the partner of the public key. An RSA pair shares its modulus (and, for a CRT key,
     * its public exponent), which is compared without the private-key operation a test signature would cost (a few
     * milliseconds each in Java, on the start's critical path); any other key proves it with a signature that the
     * public key verifies.
     */
    boolean pairs(PrivateKey privateKey, PublicKey publicKey) throws GeneralSecurityException {
        if (privateKey instanceof RSAPrivateKey rsa && publicKey instanceof RSAPublicKey rsaPublic) {
            boolean sameExponent = !(rsa instanceof RSAPrivateCrtKey crt)
                    || crt.getPublicExponent().equals(rsaPublic.getPublicExponent());
            return sameExponent && rsa.getModulus().equals(rsaPublic.getModulus());
        }
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
