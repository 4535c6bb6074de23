package dev.scalelab.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read into plain maps, lists and scalars that remember their line. Reading never binds to
 * classes: YAML type tags ({@code !!java...}, {@code !foo}) and anchors/aliases are refused, duplicate keys are
 * refused, and the document size and nesting are bounded. Only Jackson's token stream is used, so nothing in
 * the file can name a class to instantiate.
 */
public final class YamlTree {
    /** Files larger than this are not sweep configs. */
    public static final int MAX_CHARS = 1 << 20;
    private static final int MAX_DEPTH = 32;

    /** Scalar kinds as YAML's core schema sees them (quoted text is always STRING). */
    public enum ScalarKind { STRING, INT, FLOAT, BOOL, NULL }

    /** A node of the tree; {@code line} is 1-based. */
    public sealed interface Node permits MapNode, ListNode, ScalarNode {
        int line();
    }

    /** A mapping; entries keep file order and the line of each key. */
    public record MapNode(int line, Map<String, Entry> entries) implements Node {
    }

    public record Entry(int keyLine, Node value) {
    }

    public record ListNode(int line, List<Node> items) implements Node {
    }

    public record ScalarNode(int line, ScalarKind kind, String text) implements Node {
        /** The value as the user wrote it, quoted when it is text. */
        public String shown() {
            return kind == ScalarKind.STRING ? "\"" + text + "\"" : text;
        }
    }

    /** A problem at a line; the loader adds the file name. */
    public static final class YamlProblem extends Exception {
        private static final long serialVersionUID = 1L;
        private final int line;

        YamlProblem(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private YamlTree() {
    }

    /** Parses one YAML document; an empty document is a problem at line 1. */
    public static Node parse(String text) throws YamlProblem {
        if (text.length() > MAX_CHARS) {
            throw new YamlProblem(1, "file is larger than " + MAX_CHARS + " characters");
        }
        YAMLFactory factory = YAMLFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                .build();
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new YamlProblem(1, "the file is empty");
            }
            Node root = read((YAMLParser) parser, 0, "");
            JsonToken more = parser.nextToken();
            if (more != null) {
                throw new YamlProblem(line(parser), "only one YAML document is allowed");
            }
            return root;
        } catch (IOException e) {
            int line = 1;
            String message = e.getMessage();
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe) {
                message = jpe.getOriginalMessage();
                if (jpe.getLocation() != null) {
                    line = Math.max(1, jpe.getLocation().getLineNr());
                }
            }
            throw new YamlProblem(line, "not valid YAML: " + firstLine(message));
        } catch (RuntimeException e) {
            // SnakeYAML reports syntax and limit errors as unchecked exceptions.
            throw new YamlProblem(1, "not valid YAML: " + firstLine(e.getMessage()));
        }
    }

    private static boolean finite(String text) {
        try {
            return Double.isFinite(Double.parseDouble(text.replace("_", "")));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }

    private static int line(JsonParser p) {
        return Math.max(1, p.currentTokenLocation().getLineNr());
    }

    private static Node read(YAMLParser p, int depth, String path) throws IOException, YamlProblem {
        int line = line(p);
        if (p.isCurrentAlias()) {
            throw new YamlProblem(line, "YAML anchors and aliases are not allowed");
        }
        if (p.getTypeId() != null) {
            throw new YamlProblem(line, "YAML tags are not allowed (found '" + p.getTypeId() + "')");
        }
        if (p.getObjectId() != null) {
            throw new YamlProblem(line, "YAML anchors and aliases are not allowed");
        }
        if (depth > MAX_DEPTH) {
            throw new YamlProblem(line, "nesting deeper than " + MAX_DEPTH);
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    p.nextToken();
                    Node value = read(p, depth + 1, path.isEmpty() ? key : path + "." + key);
                    if (entries.containsKey(key)) {
                        throw new YamlProblem(keyLine, "duplicate key '" + key + "' (first at line "
                                + entries.get(key).keyLine() + ")");
                    }
                    entries.put(key, new Entry(keyLine, value));
                }
                return new MapNode(line, entries);
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(p, depth + 1, path + "[" + items.size() + "]"));
                }
                return new ListNode(line, items);
            }
            case VALUE_STRING:
                return new ScalarNode(line, ScalarKind.STRING, p.getText());
            case VALUE_NUMBER_INT:
                return new ScalarNode(line, ScalarKind.INT, p.getText());
            case VALUE_NUMBER_FLOAT:
                if (!finite(p.getText())) {
                    // YAML's .nan/.inf are floats to the parser, but no setting takes them, and Java cannot parse them.
                    throw new YamlProblem(line, (path.isEmpty() ? "" : path + ": ") + "expected a finite number, got "
                            + p.getText());
                }
                return new ScalarNode(line, ScalarKind.FLOAT, p.getText());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new ScalarNode(line, ScalarKind.BOOL, p.getText());
            case VALUE_NULL:
                return new ScalarNode(line, ScalarKind.NULL, "null");
            default:
                throw new YamlProblem(line, "unexpected YAML content " + t);
        }
    }
}
