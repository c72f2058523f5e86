package dev.tdsmock.client;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Microsoft JDBC driver (mssql-jdbc) URLs to a tds-mock endpoint, as the JUnit extension and the Testcontainers
 * class give them: {@code jdbc:sqlserver://HOST:PORT;encrypt=false;user=sa;password=tds-mock}, whose extra
 * properties replace the defaults of the same name.
 */
public final class JdbcUrl {
    /** The login the URLs carry; every scenario that accepts logins accepts any SQL login. */
    public static final String USER = "sa";
    public static final String PASSWORD = "tds-mock";

    private JdbcUrl() {
    }

    /**
     * A URL to {@code host:port}: {@code encrypt=false}, user {@link #USER}, password {@link #PASSWORD}, then the
     * extra properties.
     *
     * @param extraProperties semicolon-separated {@code key=value} properties, such as
     *     {@code "encrypt=true;trustServerCertificate=true"} (empty for none); one named like a default (names
     *     compared without case, {@code userName} as {@code user}) replaces it, and a value in {braces} may hold
     *     semicolons
     */
    public static String of(String host, int port, String extraProperties) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("encrypt", "encrypt=false");
        properties.put("user", "user=" + USER);
        properties.put("password", "password=" + PASSWORD);
        for (String property : split(extraProperties)) {
            properties.remove(key(property));
            properties.put(key(property), property);
        }
        StringBuilder url = new StringBuilder("jdbc:sqlserver://").append(host).append(':').append(port);
        properties.values().forEach(property -> url.append(';').append(property));
        return url.toString();
    }

    private static String key(String property) {
        int equals = property.indexOf('=');
        String key = (equals < 0 ? property : property.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
        return key.equals("username") ? "user" : key;
    }

    /** Splits at semicolons outside braces: a value in {braces} may hold semicolons. */
    private static List<String> split(String properties) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean braced = false;
        for (char c : properties.toCharArray()) {
            if (c == ';' && !braced) {
                add(parts, part);
                part.setLength(0);
                continue;
            }
            if (c == '{' || c == '}') {
                braced = c == '{';
            }
            part.append(c);
        }
        add(parts, part);
        return parts;
    }

    private static void add(List<String> parts, StringBuilder part) {
        if (!part.toString().isBlank()) {
            parts.add(part.toString().trim());
        }
    }
}
