package io.ratify.oras.internal.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One authentication challenge of a {@code WWW-Authenticate} header (RFC 9110 §11.6.1): a scheme
 * and its parameters. Parameter names are case-insensitive (kept lower case), values may be quoted
 * or bare tokens, in any order; several challenges may share one header.
 *
 * @param scheme the scheme, lower case ({@code basic}, {@code bearer})
 * @param params the parameters, names lower case
 */
public record Challenge(String scheme, Map<String, String> params) {
  private static final int MAX_HEADER = 8 * 1024;
  private static final int MAX_CHALLENGES = 16;
  private static final int MAX_PARAMS = 32;

  public Challenge {
    scheme = scheme.toLowerCase(Locale.ROOT);
    params = Map.copyOf(params);
  }

  /** A parameter by (case-insensitive) name. */
  public Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
  }

  /**
   * Parses the values of all {@code WWW-Authenticate} headers of an answer. Never throws: whatever
   * cannot be parsed is dropped, so a malformed header simply yields no usable challenge.
   */
  public static List<Challenge> parseAll(List<String> headerValues) {
    List<Challenge> out = new ArrayList<>();
    for (String v : headerValues) {
      if (out.size() >= MAX_CHALLENGES) {
        break;
      }
      out.addAll(parse(v));
    }
    return out.size() > MAX_CHALLENGES
        ? List.copyOf(out.subList(0, MAX_CHALLENGES))
        : List.copyOf(out);
  }

  /** Parses one header value; see {@link #parseAll}. */
  public static List<Challenge> parse(String header) {
    if (header == null || header.length() > MAX_HEADER) {
      return List.of();
    }
    return new Parser(header).challenges();
  }

  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    List<Challenge> challenges() {
      List<Challenge> out = new ArrayList<>();
      while (out.size() < MAX_CHALLENGES) {
        skipSeparators();
        String scheme = token();
        if (scheme.isEmpty()) {
          break;
        }
        Map<String, String> params = new LinkedHashMap<>();
        skipSpaces();
        // A token68 credential (e.g. "Negotiate abc==") carries no parameters we use: skip to the
        // next comma.
        if (!looksLikeParam()) {
          if (i < s.length() && s.charAt(i) != ',') {
            while (i < s.length() && s.charAt(i) != ',') {
              i++;
            }
          }
          out.add(new Challenge(scheme, params));
          continue;
        }
        while (params.size() < MAX_PARAMS && looksLikeParam()) {
          String name = token().toLowerCase(Locale.ROOT);
          skipSpaces();
          i++; // '='
          skipSpaces();
          Optional<String> value = value();
          if (value.isEmpty()) {
            return out; // malformed from here on
          }
          params.putIfAbsent(name, value.get());
          skipSpaces();
          if (i < s.length() && s.charAt(i) == ',') {
            int save = i;
            i++;
            skipSpaces();
            if (!looksLikeParam()) {
              i = save;
              break;
            }
          } else {
            break;
          }
        }
        out.add(new Challenge(scheme, params));
        skipSpaces();
        if (i < s.length() && s.charAt(i) != ',') {
          return out; // junk after the challenge
        }
      }
      return out;
    }

    /** Whether a {@code name=} pair starts here (and not a new scheme). */
    private boolean looksLikeParam() {
      int j = i;
      while (j < s.length() && isTokenChar(s.charAt(j))) {
        j++;
      }
      if (j == i) {
        return false;
      }
      while (j < s.length() && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
        j++;
      }
      // "abc==" is a token68, not a parameter: a parameter's '=' is followed by a value, not
      // another '='.
      return j < s.length()
          && s.charAt(j) == '='
          && (j + 1 >= s.length() || s.charAt(j + 1) != '=');
    }

    private Optional<String> value() {
      if (i < s.length() && s.charAt(i) == '"') {
        StringBuilder b = new StringBuilder();
        i++;
        while (i < s.length()) {
          char c = s.charAt(i++);
          if (c == '"') {
            return Optional.of(b.toString());
          }
          if (c == '\\' && i < s.length()) {
            c = s.charAt(i++);
          }
          b.append(c);
        }
        return Optional.empty(); // unterminated
      }
      String t = token();
      return t.isEmpty() ? Optional.empty() : Optional.of(t);
    }

    private String token() {
      int start = i;
      while (i < s.length() && isTokenChar(s.charAt(i))) {
        i++;
      }
      return s.substring(start, i);
    }

    private void skipSpaces() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
    }

    private void skipSeparators() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) {
        i++;
      }
    }

    private static boolean isTokenChar(char c) {
      return (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~/:".indexOf(c) >= 0;
    }
  }
}
