package io.ratify.examples.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pretty JSON for command output, keys in insertion order, in the layout of the verification report
 * ({@link io.ratify.core.report.ReportJson}): two-space indent, {@code "\n"} line ends, {@code
 * "key": value}, {@code {}} and {@code []} when empty, one final newline. Every command prints its
 * JSON through {@link #print}, so {@code discover}, {@code resolve} and {@code verify} look alike.
 */
public final class Json {
  private static final ObjectWriter WRITER = new ObjectMapper().writer(prettyPrinter());

  private Json() {}

  private static DefaultPrettyPrinter prettyPrinter() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter pretty =
        new DefaultPrettyPrinter(
            Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator(""));
    pretty.indentArraysWith(indenter);
    pretty.indentObjectsWith(indenter);
    return pretty;
  }

  /** An object from alternating keys and values, with a final newline. */
  public static String object(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return write(m);
  }

  /**
   * Any JSON-compatible value (maps, lists, strings, numbers, booleans, Jackson trees), with a
   * final newline.
   */
  public static String write(Object value) {
    try {
      return WRITER.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode command output", e);
    }
  }

  /**
   * Prints a JSON text that already ends with its newline (from {@link #write} or {@link
   * io.ratify.core.report.ReportJson}) and flushes.
   */
  public static void print(PrintWriter out, String jsonText) {
    out.print(jsonText);
    out.flush();
  }
}
