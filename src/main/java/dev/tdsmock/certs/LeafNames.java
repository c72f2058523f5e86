package dev.tdsmock.certs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.util.IPAddress;

/**
 * The two extensions that say whom a leaf is for and what for: subjectAltName (RFC 5280 section 4.2.1.6) from
 * host names, extKeyUsage (section 4.2.1.12) from purpose names; and whether a certificate holds what is asked.
 */
final class LeafNames {
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private LeafNames() {
    }

    /** iPAddress entries for IP literals, dNSName entries for the rest, in the order given. */
    static GeneralNames subjectAltName(List<String> hostNames) {
        return new GeneralNames(hostNames.stream()
                .map(name -> new GeneralName(
                        IPAddress.isValid(name) ? GeneralName.iPAddress : GeneralName.dNSName, name))
                .toArray(GeneralName[]::new));
    }

    static ExtendedKeyUsage extendedKeyUsage(List<String> purposes) {
        return new ExtendedKeyUsage(purposes.stream().map(LeafNames::purpose).toArray(KeyPurposeId[]::new));
    }

    /** True when the certificate's subjectAltName holds exactly these names (none: no extension). */
    static boolean holdsHostNames(X509Certificate certificate, List<String> hostNames) {
        Set<String> asked = new HashSet<>();
        for (String name : hostNames) {
            asked.add(IPAddress.isValid(name) ? "ip:" + address(name) : "dns:" + name.toLowerCase(Locale.ROOT));
        }
        Set<String> held = new HashSet<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            for (List<?> name : names == null ? List.<List<?>>of() : names) {
                int type = (Integer) name.get(0);
                if (type == DNS_NAME) {
                    held.add("dns:" + ((String) name.get(1)).toLowerCase(Locale.ROOT));
                } else if (type == IP_ADDRESS) {
                    held.add("ip:" + address((String) name.get(1)));
                } else {
                    held.add("other:" + name.get(1));
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        return held.equals(asked);
    }

    /** True when the certificate's extKeyUsage lists exactly these purposes, in order (none: no extension). */
    static boolean holdsPurposes(X509Certificate certificate, List<String> purposes) {
        List<String> asked = purposes.stream().map(p -> purpose(p).getId()).toList();
        try {
            List<String> held = certificate.getExtendedKeyUsage();
            return Objects.equals(held == null ? List.of() : held, asked);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private static KeyPurposeId purpose(String name) {
        return switch (name) {
            case "serverAuth" -> KeyPurposeId.id_kp_serverAuth;
            case "clientAuth" -> KeyPurposeId.id_kp_clientAuth;
            default -> throw new IllegalArgumentException("extended key usage '" + name + "' is none of "
                    + LeafProfile.PURPOSES);
        };
    }

    /** An IP literal in one spelling; no name lookup happens for a literal. */
    private static String address(String literal) {
        try {
            return InetAddress.getByName(literal).getHostAddress();
        } catch (UnknownHostException e) {
            return literal;
        }
    }
}
