package io.ratify.notation.internal.policy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders values the way notation-go's messages do ({@code %q} quoting, {@code time.RFC1123Z}), so
 * that failure reasons read the same as notation's and tests can compare them with upstream
 * expectations.
 */
public final class GoText {
  private static final DateTimeFormatter RFC1123Z =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss xx", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private GoText() {}

  /**
   * Go's {@code %q} of a string: double-quoted, with backslash, quote and control characters
   * escaped.
   */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** Go's {@code %q} of a {@code map[string]string}: {@code map["k":"v" ...]} with sorted keys. */
  public static String quote(Map<String, String> map) {
    StringBuilder b = new StringBuilder("map[");
    boolean first = true;
    for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
      if (!first) {
        b.append(' ');
      }
      first = false;
      b.append(quote(e.getKey())).append(':').append(quote(e.getValue()));
    }
    return b.append(']').toString();
  }

  /** Go's {@code time.RFC1123Z} layout, in UTC: {@code Fri, 29 Jul 2022 23:59:00 +0000}. */
  public static String rfc1123z(Instant t) {
    return RFC1123Z.format(t);
  }
}
