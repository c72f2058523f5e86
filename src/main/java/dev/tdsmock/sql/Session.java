package dev.tdsmock.sql;

/** What built-in answers may mention about the logged-in session. */
public record Session(int spid, String userName, String database, String language, String serverName,
                      String productVersion) {
}
