package dev.tdsmock.faults;

/** A fault that fired on a connection: which one, at which step, and what it did. */
public record Firing(String id, String type, Step step, Effect effect) {
}
