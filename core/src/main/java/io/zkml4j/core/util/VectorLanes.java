package io.zkml4j.core.util;

/**
 * Whether the hot loops may run in the machine's vector lanes through Java's vector API, and how
 * many 64-bit lanes a vector has. The API is an incubating module that the JVM resolves only when
 * asked ({@code --add-modules jdk.incubator.vector}: the {@code zkml} launcher and the tests ask);
 * the lanes are on when it is resolved, a vector holds at least four 64-bit lanes (AVX2 and up)
 * and {@code -Dzkml.vector=false} is not set. Results never depend on it, only speed.
 */
public final class VectorLanes {
    private static final int LONG_LANES = detect();

    private VectorLanes() {}

    private static int detect() {
        if (!Boolean.parseBoolean(System.getProperty("zkml.vector", "true"))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return 1;
        }
        int lanes = Species.longLanes(); // loads the vector API's classes only now that the module is known to be there
        return lanes >= 4 ? lanes : 1;
    }

    /** The 64-bit lanes of a vector, or 1 when the lanes are off. */
    public static int longLanes() {
        return LONG_LANES;
    }

    private static final class Species {
        static int longLanes() {
            return jdk.incubator.vector.LongVector.SPECIES_PREFERRED.length();
        }
    }
}
