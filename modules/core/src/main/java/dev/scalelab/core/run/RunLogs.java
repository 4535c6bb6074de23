package dev.scalelab.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JSON of the run logs (docs/run-logs.md): snake_case field names, {@code schema_version} checked on read
 * (a higher version is refused), unknown fields ignored. Version 2 changed only provenance.json
 * ({@link Provenance#read} reads both); every other document reads the same in versions 1 and 2.
 */
public final class RunLogs {
    public static final int SCHEMA_VERSION = 2;

    /** Writes and reads every run-log document. Thread-safe once built. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private RunLogs() {
    }

    public static byte[] pretty(Object document) {
        try {
            return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    public static String line(Object document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Reads a JSON document, refusing a schema version newer than ours. */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        return convert(readTree(file), type, file.toString());
    }

    static JsonNode readTree(Path file) throws IOException {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            throw new RunLogException(file + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    static <T> T convert(JsonNode tree, Class<T> type, String where) {
        if (tree == null || !tree.isObject()) {
            throw new RunLogException(where + ": expected a JSON object");
        }
        checkVersion(tree, where);
        try {
            return JSON.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw new RunLogException(where + ": " + e.getOriginalMessage());
        }
    }

    /** Refuses a document of a schema version newer than this ScaleLab reads (an upgrade is needed, not a repair). */
    static void checkVersion(JsonNode tree, String where) {
        JsonNode version = tree.get("schema_version");
        if (version != null) {
            checkVersion(version.asInt(), where);
        }
    }

    static void checkVersion(int version, String where) {
        if (version > SCHEMA_VERSION) {
            throw new RunLogException(where + ": schema_version " + version
                    + " is newer than this ScaleLab reads (" + SCHEMA_VERSION + "); upgrade ScaleLab");
        }
    }

    /** A NaN or infinite value becomes null (JSON has no NaN). */
    public static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
