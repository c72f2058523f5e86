/**
 * tds-mock's container image for Testcontainers 2.x: {@link dev.tdsmock.testcontainers.TdsMockContainer}. It needs
 * Testcontainers on the class path, which tds-mock declares optional: projects that use this package bring their
 * own.
 */
package dev.tdsmock.testcontainers;
