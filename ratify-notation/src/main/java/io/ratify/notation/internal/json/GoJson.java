package io.ratify.notation.internal.json;

import java.util.List;
import java.util.Map;

/**
 * Compact JSON the way Go's {@code encoding/json} writes it, so that envelopes and manifests made
 * here are byte-equal to notation's: no whitespace, object keys in the order of the given map (pass
 * a {@link java.util.TreeMap} for Go's sorted map keys, a {@link java.util.LinkedHashMap} for Go
 * struct field order), and Go's string escaping (HTML characters {@code < > &} and U+2028/U+2029 as
 * {@code \\uXXXX}).
 *
 * <p>Values may be {@link String}, {@link Long}, {@link Integer}, {@link Boolean}, {@link List} or
 * {@link Map} with string keys; anything else is a programming error.
 */
public final class GoJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoJson() {}

  /** Serialises {@code value}. */
  public static String write(Object value) {
    StringBuilder b = new StringBuilder(256);
    append(b, value);
    return b.toString();
  }

  private static void append(StringBuilder b, Object value) {
    if (value instanceof String s) {
      string(b, s);
    } else if (value instanceof Long || value instanceof Integer) {
      b.append(value);
    } else if (value instanceof Boolean bool) {
      b.append(bool.booleanValue());
    } else if (value instanceof List<?> list) {
      b.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        append(b, list.get(i));
      }
      b.append(']');
    } else if (value instanceof Map<?, ?> map) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          b.append(',');
        }
        first = false;
        string(b, (String) e.getKey());
        b.append(':');
        append(b, e.getValue());
      }
      b.append('}');
    } else {
      throw new IllegalArgumentException(
          "cannot write "
              + (value == null ? "null" : value.getClass().getSimpleName())
              + " as JSON");
    }
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        case '\b':
          b.append("\\b");
          break;
        case '\f':
          b.append("\\f");
          break;
        default:
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
            b.append("\\u")
                .append(HEX[c >> 12 & 0xf])
                .append(HEX[c >> 8 & 0xf])
                .append(HEX[c >> 4 & 0xf])
                .append(HEX[c & 0xf]);
          } else {
            b.append(c);
          }
      }
    }
    b.append('"');
  }
}
