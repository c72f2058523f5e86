package dev.tdsmock.certs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Leaf profiles (issuer, names, purposes, validity relative to a clock) as the store mints and keeps them. */
@Timeout(60)
class CertificateProfilesTest {
    private static final Instant NOW = Instant.parse("2031-03-01T10:00:00Z");
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @TempDir
    Path dir;

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private static LeafProfile profile(LeafIssuer issuer, String subject, List<String> hostNames, List<String> purposes,
                                       Period validFrom, Period validFor) {
        return new LeafProfile("RSA", "SHA256withRSA", issuer, subject, hostNames, purposes, validFrom, validFor);
    }

    private static LeafProfile expired() {
        return profile(LeafIssuer.CA, LeafProfile.STANDARD_SUBJECT, LeafProfile.STANDARD_HOST_NAMES,
                List.of("serverAuth"), Period.ofDays(-90), Period.ofDays(60));
    }

    private static LeafProfile notYetValid() {
        return profile(LeafIssuer.CA, LeafProfile.STANDARD_SUBJECT, LeafProfile.STANDARD_HOST_NAMES,
                List.of("serverAuth"), Period.ofDays(30), Period.ofDays(365));
    }

    private static LeafProfile issuedBy(LeafIssuer issuer) {
        return profile(issuer, LeafProfile.STANDARD_SUBJECT, LeafProfile.STANDARD_HOST_NAMES, List.of("serverAuth"),
                Period.ofDays(-1), Period.ofYears(2));
    }

    @Test
    void expiredEndedThirtyDaysBeforeTheClock() throws Exception {
        CertificateStore store = CertificateStore.open(dir, at(NOW));
        ServerIdentity identity = store.identity("cert-expired", expired());
        X509Certificate leaf = identity.leaf();

        assertEquals(NOW.minus(Duration.ofDays(90)), leaf.getNotBefore().toInstant());
        assertEquals(NOW.minus(Duration.ofDays(30)), leaf.getNotAfter().toInstant());
        assertThrows(CertificateExpiredException.class, () -> leaf.checkValidity(Date.from(NOW)));
        leaf.verify(store.ca().getPublicKey());
        assertArrayEquals(new X509Certificate[] {leaf, store.ca()}, identity.chain());
    }

    @Test
    void notYetValidStartsThirtyDaysAfterTheClock() throws Exception {
        X509Certificate leaf = CertificateStore.open(dir, at(NOW)).identity("future", notYetValid()).leaf();

        assertEquals(NOW.plus(Duration.ofDays(30)), leaf.getNotBefore().toInstant());
        assertEquals(NOW.plus(Duration.ofDays(395)), leaf.getNotAfter().toInstant());
        assertThrows(CertificateNotYetValidException.class, () -> leaf.checkValidity(Date.from(NOW)));
    }

    @Test
    void expiredStaysRecentlyExpiredAsTheDaysGoBy() throws Exception {
        X509Certificate first = CertificateStore.open(dir, at(NOW)).identity("cert-expired", expired()).leaf();

        Instant halfADayLater = NOW.plus(Duration.ofHours(12));
        X509Certificate kept = CertificateStore.open(dir, at(halfADayLater)).identity("cert-expired", expired()).leaf();
        Instant aYearLater = NOW.plus(Duration.ofDays(365));
        X509Certificate renewed = CertificateStore.open(dir, at(aYearLater)).identity("cert-expired", expired()).leaf();

        assertEquals(first, kept, "within a day of the asked window: reused");
        assertNotEquals(first.getSerialNumber(), renewed.getSerialNumber());
        assertEquals(aYearLater.minus(Duration.ofDays(30)), renewed.getNotAfter().toInstant());
        assertThrows(CertificateExpiredException.class, () -> renewed.checkValidity(Date.from(aYearLater)));
        assertEquals(renewed, PemFiles.readCertificates(dir.resolve("cert-expired.pem")).get(0));
    }

    @Test
    void notYetValidIsMadeAgainBeforeItWouldBecomeValid() throws Exception {
        CertificateStore.open(dir, at(NOW)).identity("future", notYetValid());

        Instant almostThere = NOW.plus(Duration.ofDays(29));
        X509Certificate leaf = CertificateStore.open(dir, at(almostThere)).identity("future", notYetValid()).leaf();

        assertEquals(almostThere.plus(Duration.ofDays(30)), leaf.getNotBefore().toInstant());
    }

    @Test
    void aCurrentLeafIsKeptUntilItExpiresThenIssuedAnew() throws Exception {
        LeafProfile standard = LeafProfile.standard("RSA", "SHA256withRSA");
        X509Certificate first = CertificateStore.open(dir, at(NOW)).identity("server", standard).leaf();

        X509Certificate aYearLater = CertificateStore.open(dir, at(NOW.plus(Duration.ofDays(365))))
                .identity("server", standard).leaf();
        Instant threeYearsLater = NOW.plus(Duration.ofDays(3 * 365));
        X509Certificate renewed = CertificateStore.open(dir, at(threeYearsLater)).identity("server", standard).leaf();

        assertEquals(first, aYearLater);
        assertNotEquals(first.getSerialNumber(), renewed.getSerialNumber());
        renewed.checkValidity(Date.from(threeYearsLater));
    }

    @Test
    void theStandardProfileIsWhatTheServerIdentityAlwaysWas() throws Exception {
        CertificateStore store = CertificateStore.open(dir, at(NOW));
        X509Certificate leaf = store.server().leaf();

        assertEquals(leaf, store.identity("server", LeafProfile.standard("RSA", "SHA256withRSA")).leaf());
        assertEquals(NOW.minus(Duration.ofDays(1)), leaf.getNotBefore().toInstant());
        assertEquals(new X500Principal("CN=localhost, O=tds-mock"), leaf.getSubjectX500Principal());
        assertEquals(List.of(SERVER_AUTH), leaf.getExtendedKeyUsage());
        assertEquals(2, store.server().chain().length);
    }

    @Test
    void wrongHostNamesOnlyTheOtherHost() throws Exception {
        LeafProfile wrongHost = profile(LeafIssuer.CA, "CN=wrong-host.example, O=tds-mock",
                List.of("wrong-host.example"), List.of("serverAuth"), Period.ofDays(-1), Period.ofYears(2));
        X509Certificate leaf = CertificateStore.open(dir, at(NOW)).identity("cert-wrong-host", wrongHost).leaf();

        assertEquals(List.of(List.of(2, "wrong-host.example")), List.copyOf(leaf.getSubjectAlternativeNames()));
        assertEquals(new X500Principal("CN=wrong-host.example, O=tds-mock"), leaf.getSubjectX500Principal());
    }

    @Test
    void noServerAuthListsClientAuthOnly() throws Exception {
        LeafProfile clientOnly = profile(LeafIssuer.CA, LeafProfile.STANDARD_SUBJECT, LeafProfile.STANDARD_HOST_NAMES,
                List.of("clientAuth"), Period.ofDays(-1), Period.ofYears(2));
        X509Certificate leaf = CertificateStore.open(dir, at(NOW)).identity("cert-no-server-auth", clientOnly).leaf();

        assertEquals(List.of(CLIENT_AUTH), leaf.getExtendedKeyUsage());
    }

    @Test
    void selfSignedIsItsOwnIssuerAndCarriesNoNames() throws Exception {
        LeafProfile fallback = profile(LeafIssuer.SELF, "CN=SSL_Self_Signed_Fallback", List.of(), List.of("serverAuth"),
                Period.ofDays(-1), Period.ofYears(2));
        CertificateStore store = CertificateStore.open(dir, at(NOW));
        ServerIdentity identity = store.identity("cert-self-signed", fallback);
        X509Certificate leaf = identity.leaf();

        assertEquals(1, identity.chain().length);
        assertEquals(new X500Principal("CN=SSL_Self_Signed_Fallback"), leaf.getSubjectX500Principal());
        assertEquals(leaf.getSubjectX500Principal(), leaf.getIssuerX500Principal());
        leaf.verify(leaf.getPublicKey());
        assertNull(leaf.getSubjectAlternativeNames());
        assertEquals(leaf, CertificateStore.open(dir, at(NOW)).identity("cert-self-signed", fallback).leaf());
    }

    @Test
    void intermediateIsIssuedByTheCaAndTheWholePathValidates() throws Exception {
        CertificateStore store = CertificateStore.open(dir, at(NOW));
        ServerIdentity identity = store.identity("cert-incomplete-chain", issuedBy(LeafIssuer.INTERMEDIATE));
        X509Certificate[] path = identity.chain();

        assertEquals(3, path.length);
        X509Certificate intermediate = path[1];
        assertEquals(new X500Principal("CN=tds-mock intermediate CA, O=tds-mock"),
                intermediate.getSubjectX500Principal());
        assertEquals(0, intermediate.getBasicConstraints(), "a CA that issues no further CA");
        intermediate.verify(store.ca().getPublicKey());
        path[0].verify(intermediate.getPublicKey());
        assertEquals(store.ca(), path[2]);
        assertEquals(intermediate, PemFiles.readCertificates(dir.resolve("intermediate-ca.pem")).get(0));
        assertTrue(Files.exists(dir.resolve("intermediate-ca.key.pem")));

        validate(Arrays.copyOf(path, 2), store.ca());
        assertThrows(CertPathValidatorException.class, () -> validate(new X509Certificate[] {path[0]}, store.ca()));
        assertEquals(intermediate, CertificateStore.open(dir, at(NOW))
                .identity("other", issuedBy(LeafIssuer.INTERMEDIATE)).chain()[1], "one intermediate per directory");
    }

    @Test
    void untrustedCaIsASecondRoot() throws Exception {
        CertificateStore store = CertificateStore.open(dir, at(NOW));
        ServerIdentity identity = store.identity("cert-untrusted-root", issuedBy(LeafIssuer.UNTRUSTED_CA));
        X509Certificate untrusted = identity.chain()[1];

        assertEquals(2, identity.chain().length);
        assertEquals(new X500Principal("CN=tds-mock untrusted CA, O=tds-mock"), untrusted.getSubjectX500Principal());
        untrusted.verify(untrusted.getPublicKey());
        identity.leaf().verify(untrusted.getPublicKey());
        assertNotEquals(store.ca(), untrusted);
        assertTrue(Files.exists(dir.resolve("untrusted-ca.pem")));
        X509Certificate[] leafAlone = {identity.leaf()};
        assertThrows(CertPathValidatorException.class, () -> validate(leafAlone, store.ca()));
    }

    @Test
    void changingTheProfileUnderOneNameIssuesAnew() throws Exception {
        CertificateStore store = CertificateStore.open(dir, at(NOW));
        X509Certificate first = store.identity("changing", issuedBy(LeafIssuer.CA)).leaf();
        LeafProfile otherNames = profile(LeafIssuer.CA, LeafProfile.STANDARD_SUBJECT, List.of("db.example"),
                List.of("serverAuth"), Period.ofDays(-1), Period.ofYears(2));
        LeafProfile otherLength = profile(LeafIssuer.CA, LeafProfile.STANDARD_SUBJECT, LeafProfile.STANDARD_HOST_NAMES,
                List.of("serverAuth"), Period.ofDays(-1), Period.ofDays(90));

        X509Certificate renamed = CertificateStore.open(dir, at(NOW)).identity("changing", otherNames).leaf();
        X509Certificate shorter = CertificateStore.open(dir, at(NOW)).identity("changing", otherLength).leaf();
        X509Certificate selfSigned = CertificateStore.open(dir, at(NOW)).identity("changing", issuedBy(LeafIssuer.SELF))
                .leaf();
        X509Certificate again = CertificateStore.open(dir, at(NOW)).identity("changing", issuedBy(LeafIssuer.SELF))
                .leaf();

        assertEquals(4, Set.of(first.getSerialNumber(), renamed.getSerialNumber(), shorter.getSerialNumber(),
                selfSigned.getSerialNumber()).size());
        assertEquals(NOW.plus(Duration.ofDays(89)), shorter.getNotAfter().toInstant());
        assertEquals(selfSigned, again);
    }

    @Test
    void theChainSentIsCutFromTheWholePath() {
        CertificateStore store = CertificateStore.open(dir, at(NOW));
        ServerIdentity path = store.identity("cut", issuedBy(LeafIssuer.INTERMEDIATE));
        X509Certificate[] whole = path.chain();
        ServerIdentity selfSigned = store.identity("alone", issuedBy(LeafIssuer.SELF));

        assertArrayEquals(new X509Certificate[] {whole[0]}, path.sending(SentChain.LEAF).chain());
        assertArrayEquals(Arrays.copyOf(whole, 2), path.sending(SentChain.LEAF_AND_INTERMEDIATES).chain());
        assertArrayEquals(whole, path.sending(SentChain.FULL).chain());
        assertArrayEquals(new X509Certificate[] {store.server().leaf()},
                store.server().sending(SentChain.LEAF_AND_INTERMEDIATES).chain(), "the test CA is the root");
        for (SentChain sent : SentChain.values()) {
            assertArrayEquals(selfSigned.chain(), selfSigned.sending(sent).chain(), sent.name());
        }
    }

    @Test
    void reservedNamesAndImpossibleProfilesAreRejected() {
        CertificateStore store = CertificateStore.open(dir, at(NOW));

        assertThrows(IllegalArgumentException.class, () -> store.identity("intermediate-ca", issuedBy(LeafIssuer.CA)));
        assertThrows(IllegalArgumentException.class, () -> store.identity("untrusted-ca", issuedBy(LeafIssuer.CA)));
        assertThrows(IllegalArgumentException.class, () -> new LeafProfile("EC", "SHA256withRSA", LeafIssuer.SELF,
                "CN=x", List.of(), List.of(), Period.ofDays(-1), Period.ofYears(1)));
        assertThrows(IllegalArgumentException.class, () -> profile(LeafIssuer.CA, "CN=x", List.of(),
                List.of("codeSigning"), Period.ofDays(-1), Period.ofYears(1)));
        assertThrows(IllegalArgumentException.class, () -> profile(LeafIssuer.CA, "CN=x", List.of(),
                List.of("serverAuth"), Period.ofDays(-1), Period.ZERO));
    }

    /** PKIX path validation (RFC 5280 section 6) at NOW, with {@code anchor} as the only trust anchor. */
    private static void validate(X509Certificate[] chain, X509Certificate anchor) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(NOW));
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(Arrays.asList(chain)), parameters);
    }
}
