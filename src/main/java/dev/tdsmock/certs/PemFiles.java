package dev.tdsmock.certs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Reads and writes certificates and private keys as PEM files. Keys are written unencrypted as PKCS#8
 * ("PRIVATE KEY"). Conversions go through the JDK's own providers.
 */
final class PemFiles {

    private PemFiles() {
    }

    /** The certificates of the file, in file order; never empty. */
    static List<X509Certificate> readCertificates(Path file) {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object object : readObjects(file)) {
            if (!(object instanceof X509CertificateHolder holder)) {
                throw UnusableFile.error(file, "it holds " + describe(object) + " where only certificates belong");
            }
            try {
                certificates.add(converter.getCertificate(holder));
            } catch (CertificateException e) {
                throw UnusableFile.error(file, "a certificate in it cannot be decoded (" + e.getMessage() + ")", e);
            }
        }
        if (certificates.isEmpty()) {
            throw UnusableFile.error(file, "it holds no PEM certificate");
        }
        return certificates;
    }

    static PrivateKey readPrivateKey(Path file) {
        List<Object> objects = readObjects(file);
        if (objects.size() != 1) {
            throw UnusableFile.error(file, "it should hold exactly one PEM private key, it holds " + objects.size()
                    + " PEM objects");
        }
        Object object = objects.get(0);
        PrivateKeyInfo keyInfo;
        if (object instanceof PrivateKeyInfo info) {
            keyInfo = info;
        } else if (object instanceof PEMKeyPair pair) {
            keyInfo = pair.getPrivateKeyInfo();
        } else {
            throw UnusableFile.error(file, "it holds " + describe(object) + " where an unencrypted private key belongs");
        }
        try {
            // the converter's own name for EC keys is "ECDSA", which the JDK's providers call "EC"
            return new JcaPEMKeyConverter()
                    .setAlgorithmMapping(X9ObjectIdentifiers.id_ecPublicKey, "EC")
                    .getPrivateKey(keyInfo);
        } catch (PEMException e) {
            throw UnusableFile.error(file, "its private key cannot be decoded (" + e.getMessage() + ")", e);
        }
    }

    static void writeCertificates(Path file, List<X509Certificate> certificates) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode the certificates for " + file.toAbsolutePath(), e);
        }
        AtomicFiles.writePublic(file, text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    static void writePrivateKey(Path file, PrivateKey key) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode the private key for " + file.toAbsolutePath(), e);
        }
        AtomicFiles.writePrivate(file, text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static List<Object> readObjects(Path file) {
        // ISO-8859-1 maps every byte, so a damaged file reaches the PEM parser instead of failing to decode
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
                PEMParser parser = new PEMParser(reader)) {
            List<Object> objects = new ArrayList<>();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
            return objects;
        } catch (IOException | RuntimeException e) {
            throw UnusableFile.error(file, "it is not readable PEM (" + e.getMessage() + ")", e);
        }
    }

    private static String describe(Object pemObject) {
        return "a " + pemObject.getClass().getSimpleName();
    }
}
