package io.zkml4j.training;

import io.zkml4j.model.io.Json;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reading the fields of a user's JSON (recipes, federation plans) with errors that name the file and the field. */
public final class JsonFields {
    private JsonFields() {}

    /** A user's file as text, a missing or unreadable one named. */
    public static String readFile(java.nio.file.Path file) throws TrainingSetupException {
        try {
            return java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new TrainingSetupException(file + ": no such file");
        } catch (IOException e) {
            throw new TrainingSetupException(file + ": cannot be read: " + e.getMessage());
        }
    }

    /** The parsed JSON value of {@code text}; a syntax error names {@code source}. */
    public static Object parse(String text, String source) throws TrainingSetupException {
        try {
            return Json.parse(text, source);
        } catch (IOException e) {
            throw new TrainingSetupException(e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object v, String source, String what) throws TrainingSetupException {
        if (!(v instanceof Map<?, ?> m)) {
            throw new TrainingSetupException(source + ": " + what + " must be a JSON object");
        }
        return (Map<String, Object>) m;
    }

    public static void known(Map<String, Object> o, Set<String> fields, String source, String what) throws TrainingSetupException {
        for (String k : o.keySet()) {
            if (!fields.contains(k)) {
                throw new TrainingSetupException(source + ": " + what + " has an unknown field \"" + k + "\"; known are "
                        + List.copyOf(new java.util.TreeSet<>(fields)));
            }
        }
    }

    public static Object required(Map<String, Object> o, String key, String source) throws TrainingSetupException {
        Object v = o.get(key);
        if (v == null) {
            throw new TrainingSetupException(source + ": \"" + key + "\" is " + (o.containsKey(key) ? "null" : "missing"));
        }
        return v;
    }

    public static String string(Map<String, Object> o, String key, String source) throws TrainingSetupException {
        if (!(required(o, key, source) instanceof String s) || s.isEmpty()) {
            throw new TrainingSetupException(source + ": \"" + key + "\" must be a non-empty string");
        }
        return s;
    }

    public static double number(Map<String, Object> o, String key, String source, Double defaultValue) throws TrainingSetupException {
        if (!o.containsKey(key) && defaultValue != null) {
            return defaultValue;
        }
        if (!(required(o, key, source) instanceof Double d)) {
            throw new TrainingSetupException(source + ": \"" + key + "\" must be a number");
        }
        return d;
    }

    public static long integer(Map<String, Object> o, String key, String source, long min, long max) throws TrainingSetupException {
        double d = number(o, key, source, null);
        if (d != Math.rint(d) || d < min || d > max) {
            throw new TrainingSetupException(source + ": \"" + key + "\" must be an integer from " + min + " to " + max + ", got " + d);
        }
        return (long) d;
    }
}
