package dev.scalelab.scaling.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads CSV (header line, RFC 4180 quoting, one record per line) and JSONL tables into {@link Row}s. */
public final class TableReader {
    /** Refuses duplicate keys in an object: which of two values to read would be ambiguous. */
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private TableReader() {
    }

    public static List<Row> read(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return readJsonl(file);
        }
        if (name.endsWith(".csv")) {
            return readCsv(file);
        }
        throw new InputException(file + ": not a sweep directory, .csv or .jsonl file");
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        }
    }

    public static List<Row> readCsv(Path file) {
        List<String> lines = lines(file);
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first == lines.size()) {
            throw new InputException(file + ": empty file (no header line)");
        }
        String head = lines.get(first);
        if (head.startsWith("\uFEFF")) {
            head = head.substring(1);
        }
        List<String> header = splitCsv(head, file.toString(), 0);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String column : header) {
            if (!seen.add(column.trim())) {
                throw new InputException(file + ": column '" + column.trim() + "' appears twice in the header, so "
                        + "which one to read is ambiguous");
            }
        }
        List<Row> rows = new ArrayList<>();
        int row = 0;
        for (int i = first + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            row++;
            List<String> cells = splitCsv(line, file.toString(), row);
            if (cells.size() != header.size()) {
                throw InputException.at(file.toString(), row, null, "has " + cells.size() + " fields, the header has "
                        + header.size() + " (line " + (i + 1) + ")");
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                values.put(header.get(c).trim(), cells.get(c).trim());
            }
            rows.add(new Row(file.toString(), row, values, null));
        }
        return rows;
    }

    static List<String> splitCsv(String line, String file, int row) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (quoted) {
            throw InputException.at(file, row, null, "unterminated quoted field");
        }
        out.add(cur.toString());
        return out;
    }

    public static List<Row> readJsonl(Path file) {
        List<String> lines = lines(file);
        List<Row> rows = new ArrayList<>();
        int row = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            row++;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                String why = e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
                        ? "a key appears twice in the object" : "not valid JSON";
                throw InputException.at(file.toString(), row, null, why);
            }
            if (node == null || !node.isObject()) {
                throw InputException.at(file.toString(), row, null, "not a JSON object");
            }
            rows.add(new Row(file.toString(), row, flatten(node), null));
        }
        return rows;
    }

    /** Flattens nested objects to dotted keys; null becomes missing (""), numbers keep their shortest text. */
    static Map<String, String> flatten(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", node, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode v = e.getValue();
            if (v.isObject()) {
                flatten(key, v, out);
            } else if (v.isNull() || v.isMissingNode()) {
                out.put(key, "");
            } else if (v.isValueNode()) {
                out.put(key, v.asText());
            } else {
                out.put(key, v.toString());
            }
        }
    }
}
