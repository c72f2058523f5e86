package dev.tdsmock.faults;

import com.typesafe.config.Config;
import java.util.Set;

/**
 * A kind of fault, registered by its name (the {@code type} key of a fault) through
 * {@link java.util.ServiceLoader}: one class, listed in {@code META-INF/services/dev.tdsmock.faults.FaultType}.
 * The keys every fault has ({@code at}, {@code times}, {@code skip}, {@code probability}, {@code seed},
 * {@code match}, {@code expires-after}) are read by {@link FaultReader}; a type reads only its own.
 */
public interface FaultType {
    /** The name in {@code type = ...}, e.g. "delay". */
    String name();

    /** The keys of its own settings, e.g. "for". */
    Set<String> keys();

    /** The steps it can act at. */
    Set<Step> steps();

    /**
     * @param settings the fault's own keys (the common ones are there too, to be ignored)
     * @throws IllegalArgumentException or {@link com.typesafe.config.ConfigException} naming the key that is wrong
     */
    Fault create(Config settings, Step step);
}
