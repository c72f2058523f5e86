/**
 * A Java client of the tds-mock control API, for tests that run the server elsewhere (a container, a shared QA
 * host): {@link dev.tdsmock.client.ControlClient} and the typed answers of its calls, and
 * {@link dev.tdsmock.client.JdbcUrl}, the JDBC URLs to such a server. It uses only the JDK's HTTP client and
 * Jackson.
 */
package dev.tdsmock.client;
