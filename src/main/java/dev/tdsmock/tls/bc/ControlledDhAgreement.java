package dev.tdsmock.tls.bc;

import java.io.IOException;
import java.math.BigInteger;
import java.util.function.Consumer;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.DHBasicKeyPairGenerator;
import org.bouncycastle.crypto.params.DHKeyGenerationParameters;
import org.bouncycastle.crypto.params.DHParameters;
import org.bouncycastle.crypto.params.DHPrivateKeyParameters;
import org.bouncycastle.crypto.params.DHPublicKeyParameters;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.DHGroup;
import org.bouncycastle.tls.crypto.TlsAgreement;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.util.Arrays;
import org.bouncycastle.util.BigIntegers;

/** One side's finite-field DH agreement of one handshake, with the secret and public value shaped on request. */
final class ControlledDhAgreement implements TlsAgreement {
    private final BcTlsCrypto crypto;
    private final DHParameters group;
    private final int primeBytes;
    private final DhSecretHandling secretHandling;
    private final boolean shortPublicValue;
    private final Consumer<DhExchange> exchanges;
    private BigInteger privateValue;
    private byte[] publicValueAsSent;
    private BigInteger peerValue;

    ControlledDhAgreement(BcTlsCrypto crypto, DHGroup group, DhSecretHandling secretHandling,
                          boolean shortPublicValue, Consumer<DhExchange> exchanges) {
        this.crypto = crypto;
        this.group = new DHParameters(group.getP(), group.getG(), group.getQ(), group.getL());
        this.primeBytes = BigIntegers.getUnsignedByteLength(group.getP());
        this.secretHandling = secretHandling;
        this.shortPublicValue = shortPublicValue;
        this.exchanges = exchanges;
    }

    @Override
    public byte[] generateEphemeral() {
        DHBasicKeyPairGenerator generator = new DHBasicKeyPairGenerator();
        generator.init(new DHKeyGenerationParameters(crypto.getSecureRandom(), group));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        BigInteger x = ((DHPrivateKeyParameters) pair.getPrivate()).getX();
        BigInteger y = ((DHPublicKeyParameters) pair.getPublic()).getY();
        if (shortPublicValue) {
            // Walk x, x+1, x+2, ... (Y times g each step) to the first Y below 2^(8*(len(p)-1)): about 256 steps
            // of one multiplication each, where fresh key pairs would cost one exponentiation each.
            int shortBits = 8 * (primeBytes - 1);
            while (y.bitLength() > shortBits) {
                x = x.add(BigInteger.ONE);
                y = y.multiply(group.getG()).mod(group.getP());
            }
        }
        privateValue = x;
        // Padded to the length of p as Bouncy Castle does, so that only the short value asked for is ever short.
        publicValueAsSent = shortPublicValue ? BigIntegers.asUnsignedByteArray(y)
                : BigIntegers.asUnsignedByteArray(primeBytes, y);
        report(false);
        return publicValueAsSent.clone();
    }

    @Override
    public void receivePeerValue(byte[] peerValue) throws IOException {
        BigInteger y = new BigInteger(1, peerValue);
        BigInteger p = group.getP();
        if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter,
                    "the peer's DH public value is not in 1 < Y < p-1");
        }
        this.peerValue = y;
    }

    @Override
    public TlsSecret calculateSecret() throws IOException {
        if (privateValue == null || peerValue == null) {
            throw new TlsFatalAlert(AlertDescription.internal_error,
                    "DH secret asked for before both public values are known");
        }
        BigInteger z = peerValue.modPow(privateValue, group.getP());
        byte[] padded = BigIntegers.asUnsignedByteArray(primeBytes, z);
        byte[] premaster = switch (secretHandling) {
            case STRIP_LEADING_ZEROS -> BigIntegers.asUnsignedByteArray(z);
            case KEEP_LEADING_ZEROS -> padded.clone();
            case ALWAYS_EXTRA_ZERO -> Arrays.prepend(padded, (byte) 0);
        };
        report(padded[0] == 0);
        Arrays.fill(padded, (byte) 0);
        TlsSecret secret = crypto.createSecret(premaster);
        Arrays.fill(premaster, (byte) 0);
        return secret;
    }

    private void report(boolean secretHadLeadingZero) {
        exchanges.accept(new DhExchange(group.getP().bitLength(), secretHadLeadingZero, publicValueAsSent));
    }
}
