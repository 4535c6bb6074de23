package dev.scalelab.scaling.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads CSV (RFC 4180 through Jackson's CSV parser: a header record, quoted fields with commas, doubled quotes and
 * newlines, CRLF or LF, an optional UTF-8 BOM) and JSONL tables into {@link Row}s. A JSONL file's last line may be
 * truncated (a writer killed mid-line): it is skipped and counted, as in run logs; a bad line anywhere else is an
 * error.
 */
public final class TableReader {
    /** Refuses duplicate keys in an object: which of two values to read would be ambiguous. */
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final CsvMapper CSV = new CsvMapper();

    /** The rows of one table file and whether its last line was a truncated JSON line (skipped). */
    public record Table(List<Row> rows, boolean truncatedLastLine) {
    }

    private TableReader() {
    }

    public static Table read(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return readJsonl(file);
        }
        if (name.endsWith(".csv")) {
            return new Table(readCsv(file), false);
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
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")", e);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        int row = 0;
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(text)) {
            while (it.hasNextValue()) {
                String[] cells = it.nextValue();
                if (cells.length == 0 || cells.length == 1 && cells[0].isBlank()) {
                    continue; // blank line
                }
                if (header == null) {
                    header = new ArrayList<>();
                    java.util.Set<String> seen = new java.util.HashSet<>();
                    for (String column : cells) {
                        header.add(column.trim());
                        if (!seen.add(column.trim())) {
                            throw new InputException(file + ": column '" + column.trim() + "' appears twice in the "
                                    + "header, so which one to read is ambiguous");
                        }
                    }
                    continue;
                }
                row++;
                if (cells.length != header.size()) {
                    throw InputException.at(file.toString(), row, null, "has " + cells.length + " fields, the header "
                            + "has " + header.size() + " (line " + it.getCurrentLocation().getLineNr() + ")");
                }
                Map<String, String> values = new LinkedHashMap<>(header.size() * 2);
                for (int c = 0; c < header.size(); c++) {
                    values.put(header.get(c), cells[c].trim());
                }
                rows.add(new Row(file.toString(), row, values, null));
            }
        } catch (RuntimeJsonMappingException | IOException e) {
            Throwable cause = e instanceof RuntimeJsonMappingException && e.getCause() != null ? e.getCause() : e;
            String msg = cause instanceof JsonProcessingException jp ? jp.getOriginalMessage() : cause.getMessage();
            throw InputException.at(file.toString(), row + 1, null, "not valid CSV (" + msg + ")");
        }
        if (header == null) {
            throw new InputException(file + ": empty file (no header line)");
        }
        return rows;
    }

    public static Table readJsonl(Path file) {
        List<String> lines = lines(file);
        int last = lines.size() - 1;
        while (last >= 0 && lines.get(last).isBlank()) {
            last--;
        }
        List<Row> rows = new ArrayList<>();
        int row = 0;
        boolean truncated = false;
        for (int i = 0; i <= last; i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            row++;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                if (i == last && !(e.getMessage() != null && e.getMessage().startsWith("Duplicate field"))) {
                    truncated = true; // a writer killed mid-line: tolerated, counted
                    break;
                }
                String why = e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
                        ? "a key appears twice in the object" : "not valid JSON (only the last line may be truncated)";
                throw InputException.at(file.toString(), row, null, why);
            }
            if (node == null || !node.isObject()) {
                throw InputException.at(file.toString(), row, null, "not a JSON object");
            }
            rows.add(new Row(file.toString(), row, flatten(node), null));
        }
        return new Table(rows, truncated);
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
