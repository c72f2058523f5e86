package dev.tdsmock.tls.bc;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.TlsDHUtils;
import org.bouncycastle.tls.crypto.DHGroup;

/**
 * A DH group: one of RFC 7919's by name (ffdhe2048, ffdhe3072, ffdhe4096, ffdhe6144, ffdhe8192), or a custom prime
 * p and generator g ({@code name} null).
 */
public record DhGroup(String name, BigInteger p, BigInteger g) {
    private static final BigInteger TWO = BigInteger.TWO;
    private static final BigInteger SMALLEST_ALLOWED_P = BigInteger.ONE.shiftLeft(511);
    private static final Map<String, Integer> RFC_7919 = Map.of(
            "ffdhe2048", NamedGroup.ffdhe2048,
            "ffdhe3072", NamedGroup.ffdhe3072,
            "ffdhe4096", NamedGroup.ffdhe4096,
            "ffdhe6144", NamedGroup.ffdhe6144,
            "ffdhe8192", NamedGroup.ffdhe8192);

    public DhGroup {
        Objects.requireNonNull(p, "p");
        Objects.requireNonNull(g, "g");
        if (name != null) {
            DHGroup standard = standardGroup(name);
            if (standard == null || !standard.getP().equals(p) || !standard.getG().equals(g)) {
                throw new IllegalArgumentException("not an RFC 7919 group: " + name);
            }
        }
        if (!p.testBit(0) || p.compareTo(SMALLEST_ALLOWED_P) <= 0) {
            throw new IllegalArgumentException("p must be odd and larger than 2^511, got a " + p.bitLength()
                    + "-bit " + (p.testBit(0) ? "odd" : "even") + " number");
        }
        if (g.compareTo(TWO) < 0 || g.compareTo(p.subtract(TWO)) > 0) {
            throw new IllegalArgumentException("g must be in 2..p-2");
        }
    }

    /** @throws IllegalArgumentException for a name that is not one of RFC 7919's groups */
    public static DhGroup named(String ffdheName) {
        String name = ffdheName == null ? "" : ffdheName.toLowerCase(Locale.ROOT);
        DHGroup standard = standardGroup(name);
        if (standard == null) {
            throw new IllegalArgumentException("unknown DH group \"" + ffdheName + "\", expected one of "
                    + RFC_7919.keySet().stream().sorted().toList());
        }
        return new DhGroup(name, standard.getP(), standard.getG());
    }

    /** @throws IllegalArgumentException unless p is odd and larger than 2^511 and g is in 2..p-2 */
    public static DhGroup custom(BigInteger p, BigInteger g) {
        return new DhGroup(null, p, g);
    }

    public boolean isNamed() {
        return name != null;
    }

    public int primeBits() {
        return p.bitLength();
    }

    /** The TLS NamedGroup code of a named group, -1 for a custom one. */
    int namedGroupCode() {
        return name == null ? -1 : RFC_7919.get(name);
    }

    private static DHGroup standardGroup(String name) {
        Integer code = RFC_7919.get(name);
        return code == null ? null : TlsDHUtils.getNamedDHGroup(code);
    }

    @Override
    public String toString() {
        return isNamed() ? name : "custom " + primeBits() + "-bit group";
    }
}
