package dev.tdsmock.junit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Microsoft JDBC URLs whose extra properties replace the defaults of the same name. */
final class JdbcUrl {
    private JdbcUrl() {
    }

    static String of(String host, int port, String extraProperties) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("encrypt", "encrypt=false");
        properties.put("user", "user=" + TdsMockServer.USER);
        properties.put("password", "password=" + TdsMockServer.PASSWORD);
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
