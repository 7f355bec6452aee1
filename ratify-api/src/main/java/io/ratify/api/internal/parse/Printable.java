package io.ratify.api.internal.parse;

/**
 * The one way text from outside (registries, envelopes, configuration, Key Vault) becomes safe to
 * show: in error messages ({@link #of(String)}: unsafe characters become {@code ?}, cut to a
 * bounded length) and in renderings for terminals ({@link #escaped(String)}: unsafe characters
 * become visible {@code \}{@code uXXXX} escapes, nothing is cut).
 *
 * <p>Unsafe are the characters a terminal or log viewer interprets rather than shows: C0 and C1
 * control characters and DEL (escape sequences, carriage returns that overwrite a line), the
 * Unicode line and paragraph separators, and the bidirectional overrides and isolates that reorder
 * what a reader sees.
 */
public final class Printable {
  /** How many characters {@link #of(String)} keeps. */
  public static final int MESSAGE_CHARS = 100;

  private Printable() {}

  /**
   * Whether {@code c} is shown as something else than itself by a terminal.
   *
   * @param c a UTF-16 unit
   * @return whether it is unsafe
   */
  public static boolean unsafe(char c) {
    return Character.getType(c) == Character.CONTROL
        || c == '\u2028'
        || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200e'
        || c == '\u200f'
        || c == '\u061c';
  }

  /**
   * Text safe for an error message: unsafe characters replaced by {@code ?}, at most {@value
   * #MESSAGE_CHARS} characters (then {@code …}).
   *
   * @param s any text
   * @return the safe text
   */
  public static String of(String s) {
    return of(s, MESSAGE_CHARS);
  }

  /**
   * Like {@link #of(String)} with another length bound.
   *
   * @param s any text
   * @param maxChars how many characters to keep before {@code …}
   * @return the safe text
   */
  public static String of(String s, int maxChars) {
    String cut = s.length() > maxChars ? s.substring(0, maxChars) + "…" : s;
    StringBuilder b = new StringBuilder(cut.length());
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      b.append(unsafe(c) ? '?' : c);
    }
    return b.toString();
  }

  /**
   * Text safe for a terminal, in full: each unsafe character as {@code \}{@code uXXXX}, and a
   * backslash before {@code u} doubled so that an escape in the input cannot pass for one of ours.
   *
   * @param s any text
   * @return the escaped text; equal to {@code s} when nothing needed escaping
   */
  public static String escaped(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean literalEscape = c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == 'u';
      if (unsafe(c) || literalEscape) {
        if (b == null) {
          b = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        if (literalEscape) {
          b.append("\\\\");
        } else {
          b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
        }
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }
}
