package dev.tdsmock.faults;

import java.util.Map;

/**
 * One fault as a scenario or the control API gives it: its type's behaviour, when it fires, and the keys
 * as written (for the control API's listing).
 */
public record FaultDefinition(String type, Activation activation, Fault fault, Map<String, Object> given) {
    public Step at() {
        return activation.at();
    }
}
