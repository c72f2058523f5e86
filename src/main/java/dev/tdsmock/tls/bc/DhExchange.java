package dev.tdsmock.tls.bc;

/**
 * What the engine saw of the DH exchange on one connection (for logs and tests).
 *
 * @param primeBits bit length of the group's prime p
 * @param secretHadLeadingZero whether Z, padded to the length of p, starts with a zero byte; false until the peer's
 *     public value has arrived and Z is known
 * @param serverPublicValueAsSent the public value exactly as this side put it on the wire
 */
public record DhExchange(int primeBits, boolean secretHadLeadingZero, byte[] serverPublicValueAsSent) {

    public DhExchange {
        serverPublicValueAsSent = serverPublicValueAsSent.clone();
    }

    @Override
    public byte[] serverPublicValueAsSent() {
        return serverPublicValueAsSent.clone();
    }

    /** Length in bytes of p, the length a padded public value or secret has. */
    public int primeBytes() {
        return (primeBits + 7) / 8;
    }
}
