package dev.tdsmock.sql;

import dev.tdsmock.wire.types.SqlType;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Optional;

/** The values of {@code @@} variables, SERVERPROPERTY and the session functions for one session. */
final class BuiltInValues {
    record Typed(SqlType type, Object value) {
        static Typed of(Object value) {
            return new Typed(SqlType.forValue(value), value);
        }
    }

    private final Session session;

    BuiltInValues(Session session) {
        this.session = session;
    }

    Optional<Object> variable(String upperName) {
        return Optional.ofNullable(switch (upperName) {
            case "VERSION" -> versionText();
            case "SPID" -> (short) session.spid();
            case "SERVERNAME" -> session.serverName();
            case "SERVICENAME" -> "MSSQLSERVER";
            case "MAX_PRECISION" -> (byte) 38;
            case "TRANCOUNT", "ERROR", "ROWCOUNT" -> 0;
            case "LANGUAGE" -> session.language();
            case "DATEFIRST" -> (byte) 7;
            case "TEXTSIZE" -> 2147483647;
            case "LOCK_TIMEOUT" -> -1;
            default -> null;
        });
    }

    Optional<Typed> function(String upperName, String arguments) {
        return switch (upperName) {
            case "SERVERPROPERTY" -> Optional.of(serverProperty(unquote(arguments)));
            case "DB_NAME" -> arguments.isEmpty() ? Optional.of(Typed.of(session.database())) : Optional.empty();
            case "USER_NAME", "SUSER_NAME", "SUSER_SNAME", "ORIGINAL_LOGIN" ->
                    arguments.isEmpty() ? Optional.of(Typed.of(session.userName())) : Optional.empty();
            case "GETDATE", "SYSDATETIME", "CURRENT_TIMESTAMP" ->
                    arguments.isEmpty() ? Optional.of(Typed.of(LocalDateTime.now())) : Optional.empty();
            default -> Optional.empty();
        };
    }

    Optional<Object> niladic(String upperName) {
        return Optional.ofNullable(switch (upperName) {
            case "SYSTEM_USER", "CURRENT_USER", "SESSION_USER" -> session.userName();
            default -> null;
        });
    }

    /** SERVERPROPERTY answers NULL for a property it does not know, as SQL Server does. */
    private Typed serverProperty(String property) {
        Object value = switch (property.toLowerCase(Locale.ROOT)) {
            case "productversion" -> session.productVersion();
            case "productmajorversion" -> session.productVersion().split("\\.")[0];
            case "productlevel" -> "RTM";
            case "edition" -> "Developer Edition (64-bit)";
            case "engineedition" -> 3;
            case "servername", "machinename" -> session.serverName();
            case "collation" -> "SQL_Latin1_General_CP1_CI_AS";
            case "isclustered", "ishadrenabled", "isintegratedsecurityonly", "issingleuser" -> 0;
            default -> null;
        };
        return value == null ? new Typed(SqlType.parse("nvarchar(128)"), null) : Typed.of(value);
    }

    String versionText() {
        String version = session.productVersion();
        return "Microsoft SQL Server " + releaseYear(version) + " (RTM) - " + version + " (X64) \n"
                + "\ttds-mock, a mock TDS endpoint\n\tDeveloper Edition (64-bit) on Linux\n";
    }

    private static String releaseYear(String version) {
        return switch (version.split("\\.")[0]) {
            case "17" -> "2025";
            case "16" -> "2022";
            case "15" -> "2019";
            case "14" -> "2017";
            case "13" -> "2016";
            case "12" -> "2014";
            case "11" -> "2012";
            default -> "";
        };
    }

    private static String unquote(String argument) {
        String text = argument.strip();
        if (text.startsWith("N'")) {
            text = text.substring(1);
        }
        if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")) {
            return text.substring(1, text.length() - 1);
        }
        return text;
    }
}
