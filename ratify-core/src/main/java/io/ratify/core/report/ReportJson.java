package io.ratify.core.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.ratify.api.Digest;
import io.ratify.api.ValidationResult;
import io.ratify.api.VerificationResult;
import io.ratify.api.VerifierReport;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;

/**
 * Ratify's verification-result JSON, response version {@value #VERSION} (the config-policy shape
 * that Gatekeeper constraint templates read):
 *
 * <pre>{@code
 * {"version", "isSuccess", "verifierReports": [
 *   {"subject", "isSuccess", "verifierName"?, "verifierType"?, "referenceDigest"?, "artifactType"?,
 *    "message"?, "errorReason"?, "remediation"?, "extensions"?, "nestedResults"?}]}
 * }</pre>
 *
 * <h2>Guarantees</h2>
 *
 * Fields always come in exactly that order (Ratify's struct order without its deprecated {@code
 * name} and {@code type}); fields marked {@code ?} are omitted when empty, like Go's {@code
 * omitempty}; extension maps keep their insertion order; arrays in them are written as JSON arrays.
 * Output is pretty-printed with two spaces, {@code "\n"} line ends and a final newline, so the same
 * result always gives the same bytes. Error codes are not part of Ratify's shape and are not
 * written.
 */
public final class ReportJson {
  /** The response version written. */
  public static final String VERSION = "0.2.0";

  private static final int MAX_EXTENSION_DEPTH = 32;
  private static final JsonFactory JSON = new JsonFactory();

  private ReportJson() {}

  /**
   * The JSON text of {@code result}.
   *
   * @param result the result
   * @return the JSON text of {@code result}
   */
  public static String toJson(ValidationResult result) {
    StringWriter w = new StringWriter();
    try {
      write(result, w);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /**
   * Writes the JSON text of {@code result} to {@code out} (which is flushed, not closed).
   *
   * @param result the result
   * @param out the out
   * @throws IOException when writing fails
   */
  public static void write(ValidationResult result, Writer out) throws IOException {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter pretty =
        new DefaultPrettyPrinter(
            Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
    pretty.indentArraysWith(indenter);
    pretty.indentObjectsWith(indenter);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.setPrettyPrinter(pretty);
      g.writeStartObject();
      g.writeStringField("version", VERSION);
      g.writeBooleanField("isSuccess", result.success());
      g.writeArrayFieldStart("verifierReports");
      for (VerifierReport r : result.verifierReports()) {
        report(g, r);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.write("\n");
    out.flush();
  }

  private static void report(JsonGenerator g, VerifierReport r) throws IOException {
    VerificationResult res = r.result();
    g.writeStartObject();
    g.writeStringField("subject", r.subject());
    g.writeBooleanField("isSuccess", r.success());
    optional(g, "verifierName", r.verifierName());
    optional(g, "verifierType", r.verifierType());
    optional(g, "referenceDigest", r.referenceDigest().map(Digest::toString));
    optional(g, "artifactType", r.artifactType());
    optional(g, "message", Optional.of(res.message()));
    optional(g, "errorReason", res.errorReason());
    optional(g, "remediation", res.remediation());
    if (!res.extensions().isEmpty()) {
      g.writeFieldName("extensions");
      value(g, res.extensions(), 0);
    }
    if (!r.nestedResults().isEmpty()) {
      g.writeArrayFieldStart("nestedResults");
      for (VerifierReport n : r.nestedResults()) {
        report(g, n);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void optional(JsonGenerator g, String field, Optional<String> value)
      throws IOException {
    if (value.isPresent() && !value.get().isEmpty()) {
      g.writeStringField(field, value.get());
    }
  }

  private static void value(JsonGenerator g, Object v, int depth) throws IOException {
    if (depth > MAX_EXTENSION_DEPTH) {
      g.writeString("(nested too deep)");
    } else if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof BigInteger b) {
      g.writeNumber(b);
    } else if (v instanceof BigDecimal b) {
      g.writeNumber(b);
    } else if (v instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isFinite(d)) {
        g.writeNumber(d);
      } else {
        g.writeString(Double.toString(d));
      }
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        value(g, e.getValue(), depth + 1);
      }
      g.writeEndObject();
    } else if (v instanceof Iterable<?> it) {
      g.writeStartArray();
      for (Object o : it) {
        value(g, o, depth + 1);
      }
      g.writeEndArray();
    } else if (v instanceof Optional<?> o) {
      value(g, o.orElse(null), depth);
    } else if (v.getClass().isArray()) {
      // an array's toString() is an identity hash, which would differ from run to run
      g.writeStartArray();
      for (int i = 0; i < java.lang.reflect.Array.getLength(v); i++) {
        value(g, java.lang.reflect.Array.get(v, i), depth + 1);
      }
      g.writeEndArray();
    } else {
      g.writeString(String.valueOf(v));
    }
  }
}
