package io.zkml4j.cli;

import io.zkml4j.model.quant.QuantizedModel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A visibility given port by port, for models of several inputs or outputs: "name=value,name=value"
 * (ports not named keep the default). Whole-model values ("public", "private", "hashed") are
 * parsed by the commands themselves.
 */
final class PortVisibility {
    private PortVisibility() {}

    /** Whether {@code spec} names ports rather than giving one value for all. */
    static boolean isPerPort(String spec) {
        return spec != null && spec.contains("=");
    }

    /**
     * Per port, whether it is shown.
     *
     * @param option   the option, for messages
     * @param shownAs  the value that shows a port ("public")
     * @param hiddenAs the value that hides it ("private" or "hidden")
     */
    static List<Boolean> parse(String option, String spec, List<QuantizedModel.Port> ports, String shownAs, String hiddenAs) {
        if (ports.size() < 2) {
            throw new Main.UserError(option + ": the model has one " + (option.contains("input") ? "input" : "output")
                    + "; give " + shownAs + " or " + hiddenAs + " without a name");
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int k = 0; k < ports.size(); k++) {
            index.put(ports.get(k).name(), k);
        }
        List<Boolean> shown = new ArrayList<>(Collections.nCopies(ports.size(), true));
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            String name = eq < 0 ? part.trim() : part.substring(0, eq).trim();
            String value = eq < 0 ? "" : part.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
            Integer k = index.get(name);
            if (k == null) {
                throw new Main.UserError(option + ": the model has no port named '" + name + "'; its ports are " + String.join(", ",
                        index.keySet()));
            }
            if (!value.equals(shownAs) && !value.equals(hiddenAs)) {
                throw new Main.UserError(option + ": '" + name + "' must be " + shownAs + " or " + hiddenAs + ", got '" + value + "'");
            }
            shown.set(k, value.equals(shownAs));
        }
        return shown;
    }
}
