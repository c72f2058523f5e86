package dev.tdsmock.cli;

/** A {@code HOST:PORT} argument; an IPv6 address goes in brackets: {@code [::1]:1433}. */
record HostPort(String host, int port) {
    /**
     * @param option the option or environment variable it came from, for the error
     * @throws IllegalArgumentException naming {@code option} when the text is not HOST:PORT with a port of 1..65535
     */
    static HostPort parse(String text, String option) {
        String trimmed = text.trim();
        int colon = trimmed.lastIndexOf(':');
        String host = colon > 0 ? trimmed.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            host = "";
        }
        int port;
        try {
            port = colon > 0 ? Integer.parseInt(trimmed.substring(colon + 1)) : -1;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 1 || port > 65_535) {
            throw new IllegalArgumentException(option + " takes HOST:PORT (a port of 1..65535; [::1]:1433 for IPv6),"
                    + " got '" + text + "'");
        }
        return new HostPort(host, port);
    }
}
