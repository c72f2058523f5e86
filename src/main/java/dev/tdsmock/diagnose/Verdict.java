package dev.tdsmock.diagnose;

/**
 * Whether one client would get into one scenario: {@code getsIn} true, false, or null when what the client sent
 * cannot tell (it depends on a setting or a timeout it does not show); {@code reason} says why in one line;
 * {@code fix}, when it fails or may, what the client side can do (the article's remedy), else null.
 */
public record Verdict(Boolean getsIn, String reason, String fix) {
    static Verdict in(String reason) {
        return new Verdict(true, reason, null);
    }

    static Verdict out(String reason, String fix) {
        return new Verdict(false, reason, fix);
    }

    static Verdict depends(String reason, String fix) {
        return new Verdict(null, reason, fix);
    }

    /** "tls12-only: fails, the client offers [TLSv1] ... (fix: ...)", the INFO message's text. */
    public String line(String scenario) {
        String outcome = getsIn == null ? "depends" : getsIn ? "gets in" : "fails";
        return scenario + ": " + outcome + ", " + reason + (fix == null ? "" : " (fix: " + fix + ")");
    }
}
