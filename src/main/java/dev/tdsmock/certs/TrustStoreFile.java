package dev.tdsmock.certs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.bc.BcPKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;

/**
 * A PKCS#12 file (RFC 7292) holding one certificate as a trusted entry, for clients that take a trust store (Java's
 * {@code trustStore}, .NET, OpenSSL). The certificate bag is not encrypted (there is nothing secret in it) and
 * carries the alias as its friendlyName and Java's trusted-certificate attribute, without which Java lists no
 * entry; the file's integrity MAC is HMAC-SHA-256 keyed from the password (RFC 7292 B, 10,000 iterations). So the
 * store is read back, at every start, without the password's key derivations.
 */
final class TrustStoreFile {
    /** Java's attribute for a trusted certificate entry (ORACLE TrustedKeyUsage), with the key purposes trusted. */
    private static final ASN1ObjectIdentifier JAVA_TRUSTED_KEY_USAGE =
            new ASN1ObjectIdentifier("2.16.840.1.113894.746875.1.1");
    private static final int MAC_ITERATIONS = 10_000;

    private TrustStoreFile() {
    }

    static void write(Path file, String alias, X509Certificate certificate, char[] password) {
        byte[] store;
        try {
            PKCS12SafeBagBuilder bag = new JcaPKCS12SafeBagBuilder(certificate);
            bag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(alias));
            bag.addBagAttribute(JAVA_TRUSTED_KEY_USAGE, KeyPurposeId.anyExtendedKeyUsage.toOID());
            PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
            pfx.addData(bag.build());
            BcPKCS12MacCalculatorBuilder mac = new BcPKCS12MacCalculatorBuilder(new SHA256Digest(),
                    new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE));
            mac.setIterationCount(MAC_ITERATIONS);
            store = pfx.build(mac, password).getEncoded();
        } catch (IOException | PKCSException e) {
            throw new IllegalStateException("Cannot build the trust store for " + file.toAbsolutePath(), e);
        }
        AtomicFiles.writePublic(file, store);
    }

    /**
     * True when the file holds the certificate as a trusted entry under the alias, in a bag that is not encrypted;
     * false for any other certificate or alias, and for a store written otherwise (it is then written again).
     *
     * @throws IllegalStateException naming the file when it is not PKCS#12 at all
     */
    static boolean holds(Path file, String alias, X509Certificate certificate, char[] password) {
        try {
            PKCS12PfxPdu pfx = new PKCS12PfxPdu(Files.readAllBytes(file));
            byte[] wanted = certificate.getEncoded();
            for (ContentInfo content : pfx.getContentInfos()) {
                if (!PKCSObjectIdentifiers.data.equals(content.getContentType())) {
                    continue; // encrypted: not written here
                }
                for (PKCS12SafeBag bag : new PKCS12SafeBagFactory(content).getSafeBags()) {
                    if (bag.getBagValue() instanceof X509CertificateHolder held
                            && Arrays.equals(wanted, held.getEncoded())
                            && new DERBMPString(alias).equals(
                                    attribute(bag, PKCSObjectIdentifiers.pkcs_9_at_friendlyName))
                            && attribute(bag, JAVA_TRUSTED_KEY_USAGE) != null) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException | RuntimeException | CertificateEncodingException e) {
            throw UnusableFile.error(file, "it is not a PKCS#12 store (" + e.getMessage() + ")", e);
        }
    }

    private static ASN1Encodable attribute(PKCS12SafeBag bag, ASN1ObjectIdentifier type) {
        for (Attribute attribute : bag.getAttributes() == null ? new Attribute[0] : bag.getAttributes()) {
            if (attribute.getAttrType().equals(type) && attribute.getAttrValues().size() > 0) {
                return attribute.getAttrValues().getObjectAt(0);
            }
        }
        return null;
    }
}
