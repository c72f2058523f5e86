package dev.tdsmock.tls.bc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tdsmock.certs.CertificateStore;
import dev.tdsmock.certs.ServerIdentity;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.crypto.DHStandardGroups;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DhGroupAndSettingsTest {
    private static final BigInteger P_768 = DHStandardGroups.rfc2409_768.getP();

    @TempDir
    Path certificates;

    @Test
    void namedGroupsAreRfc7919s() {
        DhGroup group = DhGroup.named("FFDHE3072");

        assertEquals("ffdhe3072", group.name());
        assertEquals(3072, group.primeBits());
        assertEquals(BigInteger.TWO, group.g());
        assertEquals(NamedGroup.ffdhe3072, group.namedGroupCode());
        assertThrows(IllegalArgumentException.class, () -> DhGroup.named("ffdhe1024"));
        assertThrows(IllegalArgumentException.class, () -> DhGroup.named("modp2048"));
    }

    @Test
    void customGroupsAreChecked() {
        DhGroup group = DhGroup.custom(P_768, BigInteger.TWO);
        assertEquals(768, group.primeBits());
        assertEquals(-1, group.namedGroupCode());

        assertThrows(IllegalArgumentException.class, () -> DhGroup.custom(P_768.add(BigInteger.ONE), BigInteger.TWO),
                "even p");
        assertThrows(IllegalArgumentException.class,
                () -> DhGroup.custom(BigInteger.ONE.shiftLeft(511).subtract(BigInteger.ONE), BigInteger.TWO),
                "p = 2^511-1");
        assertThrows(IllegalArgumentException.class, () -> DhGroup.custom(P_768, BigInteger.ONE));
        assertThrows(IllegalArgumentException.class, () -> DhGroup.custom(P_768, P_768.subtract(BigInteger.ONE)));
        DhGroup.custom(P_768, P_768.subtract(BigInteger.TWO));
        DhGroup.custom(BigInteger.ONE.shiftLeft(511).add(BigInteger.ONE), BigInteger.TWO);
    }

    @Test
    void aNameMustMatchItsGroup() {
        BigInteger p2048 = DhGroup.named("ffdhe2048").p();
        assertThrows(IllegalArgumentException.class, () -> new DhGroup("ffdhe3072", p2048, BigInteger.TWO));
    }

    @Test
    void settingsRefuseUnknownVersionsAndCopyTheirLists() {
        ServerIdentity identity = CertificateStore.open(certificates).server();
        BcTlsSettings defaults = BcTlsSettings.defaults(identity);

        assertThrows(IllegalArgumentException.class, () -> defaults.withProtocols("SSLv3"));
        assertThrows(IllegalArgumentException.class, () -> defaults.withProtocols());
        assertThrows(IllegalArgumentException.class, () -> defaults.withCipherSuites(0x10000));
        List<String> mutable = new ArrayList<>(List.of("TLSv1.2"));
        BcTlsSettings settings = new BcTlsSettings(mutable, List.of(), defaults.dhGroup(), defaults.dhSecret(), false,
                List.of(), true, identity);
        mutable.add("TLSv1");
        assertEquals(List.of("TLSv1.2"), settings.protocols());
        assertTrue(defaults.sendAlertOnFailure());
    }

    @Test
    void theHandlerNeedsAnRsaKey() {
        ServerIdentity ec = CertificateStore.open(certificates).identity("ec", "EC", "SHA256withRSA");

        assertThrows(IllegalArgumentException.class,
                () -> new BouncyCastleTlsHandler(BcTlsSettings.defaults(ec)));
    }
}
