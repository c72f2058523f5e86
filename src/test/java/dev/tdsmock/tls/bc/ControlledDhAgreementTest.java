package dev.tdsmock.tls.bc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsAgreement;
import org.bouncycastle.tls.crypto.TlsDHConfig;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ControlledDhAgreementTest {
    private static final TlsDHConfig FFDHE2048 = new TlsDHConfig(NamedGroup.ffdhe2048, false);
    private static final BigInteger P = DhGroup.named("ffdhe2048").p();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AtomicReference<DhExchange> seen = new AtomicReference<>();

    @Test
    void shortPublicValueLosesItsLeadingZeroByteAndStillAgrees() throws Exception {
        TlsAgreement shortSide = agreement(DhSecretHandling.STRIP_LEADING_ZEROS, true);
        TlsAgreement other = new ControlledDhCrypto(RANDOM, DhSecretHandling.STRIP_LEADING_ZEROS, false, e -> { })
                .createDHDomain(FFDHE2048).createDH();

        byte[] shortValue = shortSide.generateEphemeral();
        byte[] fullValue = other.generateEphemeral();

        assertTrue(shortValue.length < 256, "sent in " + shortValue.length + " bytes");
        assertNotEquals(0, shortValue[0], "minimal encoding");
        assertEquals(256, fullValue.length, "padded to the length of p");
        assertArrayEquals(shortValue, seen.get().serverPublicValueAsSent());
        shortSide.receivePeerValue(fullValue);
        other.receivePeerValue(shortValue);
        assertArrayEquals(other.calculateSecret().extract(), shortSide.calculateSecret().extract());
    }

    @Test
    void eachHandlingEncodesTheSameZItsOwnWay() throws Exception {
        TlsAgreement peer = agreement(DhSecretHandling.STRIP_LEADING_ZEROS, false);
        byte[] peerValue = peer.generateEphemeral();
        TlsAgreement strip = agreement(DhSecretHandling.STRIP_LEADING_ZEROS, false);
        strip.receivePeerValue(peerValue);
        peer.receivePeerValue(strip.generateEphemeral());
        BigInteger z = new BigInteger(1, peer.calculateSecret().extract());

        byte[] stripped = strip.calculateSecret().extract();

        assertEquals(z, new BigInteger(1, stripped));
        assertArrayEquals(BigIntegers.asUnsignedByteArray(z), stripped);
        assertEquals(z.bitLength() <= 2040, seen.get().secretHadLeadingZero());
    }

    @Test
    void keepPadsToTheLengthOfPAndExtraZeroAddsOneByteMore() throws Exception {
        for (DhSecretHandling handling : new DhSecretHandling[] {DhSecretHandling.KEEP_LEADING_ZEROS,
            DhSecretHandling.ALWAYS_EXTRA_ZERO}) {
            TlsAgreement peer = agreement(DhSecretHandling.STRIP_LEADING_ZEROS, false);
            TlsAgreement tested = agreement(handling, false);
            tested.receivePeerValue(peer.generateEphemeral());
            peer.receivePeerValue(tested.generateEphemeral());
            byte[] z = peer.calculateSecret().extract();

            byte[] secret = tested.calculateSecret().extract();

            byte[] padded = BigIntegers.asUnsignedByteArray(256, new BigInteger(1, z));
            if (handling == DhSecretHandling.KEEP_LEADING_ZEROS) {
                assertArrayEquals(padded, secret);
            } else {
                assertEquals(257, secret.length);
                assertEquals(0, secret[0]);
                assertArrayEquals(padded, Arrays.copyOfRange(secret, 1, 257));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, -1, -2})
    void peerValuesOutsideOneToPMinusOneAreIllegal(int offsetFromP) throws Exception {
        BigInteger y = offsetFromP >= 0 ? BigInteger.valueOf(offsetFromP) : P.add(BigInteger.valueOf(offsetFromP + 1));
        TlsAgreement agreement = agreement(DhSecretHandling.STRIP_LEADING_ZEROS, false);

        TlsFatalAlert alert = assertThrows(TlsFatalAlert.class,
                () -> agreement.receivePeerValue(BigIntegers.asUnsignedByteArray(256, y)));

        assertEquals(AlertDescription.illegal_parameter, alert.getAlertDescription());
    }

    @Test
    void valuesJustInsideTheRangeAreAccepted() throws Exception {
        agreement(DhSecretHandling.STRIP_LEADING_ZEROS, false).receivePeerValue(new byte[] {2});
        agreement(DhSecretHandling.STRIP_LEADING_ZEROS, false)
                .receivePeerValue(BigIntegers.asUnsignedByteArray(P.subtract(BigInteger.TWO)));
    }

    @Test
    void tls13GroupsAreLeftToBouncyCastle() {
        TlsAgreement padded = new ControlledDhCrypto(RANDOM, DhSecretHandling.ALWAYS_EXTRA_ZERO, true, seen::set)
                .createDHDomain(new TlsDHConfig(NamedGroup.ffdhe2048, true)).createDH();

        assertTrue(!(padded instanceof ControlledDhAgreement));
    }

    private TlsAgreement agreement(DhSecretHandling handling, boolean shortPublicValue) {
        return new ControlledDhCrypto(RANDOM, handling, shortPublicValue, seen::set).createDHDomain(FFDHE2048)
                .createDH();
    }
}
