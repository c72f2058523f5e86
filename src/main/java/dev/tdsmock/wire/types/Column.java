package dev.tdsmock.wire.types;

import java.util.Objects;

/** A named, typed column of a result set. */
public record Column(String name, SqlType type) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
