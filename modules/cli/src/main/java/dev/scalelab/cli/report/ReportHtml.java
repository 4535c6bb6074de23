package dev.scalelab.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scalelab.core.run.RunLogs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The report as one self-contained HTML page: the data as embedded JSON, uPlot (MIT, from the
 * {@code org.webjars.npm:uplot} jar) and the page's own script and style inlined. Nothing in it names a network
 * address: {@code //} inside JSON strings and scripts is written {@code \/\/} (the same string to JSON and JavaScript),
 * and a Content-Security-Policy forbids the page any request.
 */
public final class ReportHtml {
    static final String UPLOT = "META-INF/resources/webjars/uplot/";

    private ReportHtml() {
    }

    public static String render(JsonNode data) {
        String version = uplotVersion();
        String template = resource("dev/scalelab/cli/report/report.html");
        String json;
        try {
            json = RunLogs.JSON.writeValueAsString(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return template
                .replace("@@TITLE@@", escapeHtml("Sweep report: " + data.path("title").asText()))
                .replace("@@UPLOT_CSS@@", resource(UPLOT + version + "/dist/uPlot.min.css"))
                .replace("@@REPORT_CSS@@", resource("dev/scalelab/cli/report/report.css"))
                .replace("@@UPLOT_VERSION@@", version)
                .replace("@@UPLOT_JS@@", script(resource(UPLOT + version + "/dist/uPlot.iife.min.js")))
                .replace("@@REPORT_JS@@", script(resource("dev/scalelab/cli/report/report.js")))
                .replace("@@DATA_ENCODING@@", json.length() > PLAIN_LIMIT ? "gzip-base64" : "json")
                .replace("@@DATA@@", json.length() > PLAIN_LIMIT ? gzipBase64(json) : inScript(json));
    }

    /**
     * Data over this many characters is embedded gzip-compressed and base64-encoded (the page inflates it with the
     * browser's own DecompressionStream): a 100,000-run sweep's JSON is several times the 25 MB a report may take.
     */
    static final int PLAIN_LIMIT = 4_000_000;

    static String gzipBase64(String json) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bytes, 1 << 16)) {
            gz.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return java.util.Base64.getMimeEncoder(120, new byte[] {'\n'}).encodeToString(bytes.toByteArray());
    }

    /** JSON safe inside a script element and free of "//": both escapes keep the parsed value. */
    static String inScript(String json) {
        return json.replace("</", "<\\/").replace("//", "\\/\\/");
    }

    /** A script with no "://" (comments, strings and regular expressions all read "\/" as "/") and no "</script". */
    static String script(String js) {
        return js.replace("://", ":\\/\\/").replace("</script", "<\\/script");
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String uplotVersion() {
        Properties p = new Properties();
        try (InputStream in = ReportHtml.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("uPlot (org.webjars.npm:uplot) is not on the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    static String resource(String name) {
        try (InputStream in = ReportHtml.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
