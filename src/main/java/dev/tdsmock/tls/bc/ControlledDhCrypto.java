package dev.tdsmock.tls.bc;

import java.security.SecureRandom;
import java.util.function.Consumer;
import org.bouncycastle.tls.TlsDHUtils;
import org.bouncycastle.tls.crypto.TlsDHConfig;
import org.bouncycastle.tls.crypto.TlsDHDomain;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Bouncy Castle's lightweight crypto, except that finite-field DH of TLS 1.0-1.2 follows a {@link DhSecretHandling}
 * and may send a short public value. TLS 1.3 groups (whose values are padded by definition) are left to Bouncy
 * Castle. Usable on either side of a connection, one instance per connection.
 */
final class ControlledDhCrypto extends BcTlsCrypto {
    private final DhSecretHandling secretHandling;
    private final boolean shortPublicValue;
    private final Consumer<DhExchange> exchanges;

    ControlledDhCrypto(SecureRandom random, DhSecretHandling secretHandling, boolean shortPublicValue,
                       Consumer<DhExchange> exchanges) {
        super(random);
        this.secretHandling = secretHandling;
        this.shortPublicValue = shortPublicValue;
        this.exchanges = exchanges;
    }

    @Override
    public TlsDHDomain createDHDomain(TlsDHConfig dhConfig) {
        if (dhConfig.isPadded()) {
            return super.createDHDomain(dhConfig);
        }
        return () -> new ControlledDhAgreement(this, TlsDHUtils.getDHGroup(dhConfig), secretHandling,
                shortPublicValue, exchanges);
    }
}
