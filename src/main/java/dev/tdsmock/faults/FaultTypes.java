package dev.tdsmock.faults;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The fault types on the class path, by name. */
public final class FaultTypes {
    private static final Map<String, FaultType> BY_NAME = load();

    private FaultTypes() {
    }

    private static Map<String, FaultType> load() {
        Map<String, FaultType> types = new TreeMap<>();
        for (FaultType type : ServiceLoader.load(FaultType.class, FaultTypes.class.getClassLoader())) {
            FaultType earlier = types.put(type.name(), type);
            if (earlier != null) {
                throw new IllegalStateException("two fault types are named '" + type.name() + "': "
                        + earlier.getClass().getName() + " and " + type.getClass().getName());
            }
        }
        return Map.copyOf(types);
    }

    /** @throws IllegalArgumentException naming the types there are */
    public static FaultType named(String name) {
        FaultType type = BY_NAME.get(name);
        if (type == null) {
            throw new IllegalArgumentException("'type': no fault type '" + name + "'; the types are "
                    + String.join(", ", new TreeMap<>(BY_NAME).keySet()));
        }
        return type;
    }
}
