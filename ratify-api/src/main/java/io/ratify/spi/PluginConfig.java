package io.ratify.spi;

import com.google.errorprone.annotations.Immutable;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The configuration of one plugin instance: its kind, name, type and free-form parameters, plus
 * where it came from (for error messages). Typed accessors fail with {@link
 * ErrorCode#CONFIG_INVALID} naming the origin and the field. Parameter values are what a YAML or
 * JSON parser produces: strings, numbers, booleans, lists and maps. The parameters are copied
 * deeply on the way in, nested maps and lists included, into unmodifiable structures, so a caller
 * that changes its own maps afterwards changes nothing here.
 *
 * @param kind the plugin kind
 * @param name the instance name (unique per kind)
 * @param type the plugin type, which selects the factory
 * @param parameters the parameters (unmodifiable)
 * @param origin where this configuration was read, e.g. {@code "verify-config.yaml, document 3
 *     (Verifier verifier-notary-inline)"}
 */
@Immutable
public record PluginConfig(
    PluginKind kind,
    String name,
    String type,
    // deep, unmodifiable copy made in the constructor (Error Prone only knows Guava's immutable
    // maps)
    @SuppressWarnings("Immutable") Map<String, Object> parameters,
    String origin) {

  /** Deeper parameter structures are refused (they also guard the copy against cyclic maps). */
  private static final int MAX_DEPTH = 128;

  /**
   * Canonical constructor: checks the components and copies mutable ones.
   *
   * @param kind the plugin kind
   * @param name the instance name (unique per kind)
   * @param type the plugin type, which selects the factory
   * @param parameters the parameters (unmodifiable)
   * @param origin where this configuration was read, e.g. {@code "verify-config.yaml, document 3
   *     (Verifier verifier-notary-inline)"}
   * @throws IllegalArgumentException when the parameters nest deeper than 128 levels
   */
  public PluginConfig {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(origin, "origin");
    @SuppressWarnings("unchecked") // keys of the top level are strings by the parameter's type
    Map<String, Object> copy =
        (Map<String, Object>) deepCopy(Objects.requireNonNull(parameters, "parameters"), 0);
    parameters = copy;
  }

  /** An unmodifiable deep copy of nested maps and lists; other values are immutable already. */
  private static Object deepCopy(Object v, int depth) {
    if (!(v instanceof Map<?, ?>) && !(v instanceof List<?>)) {
      return v;
    }
    if (depth >= MAX_DEPTH) {
      throw new IllegalArgumentException("parameters nest deeper than " + MAX_DEPTH + " levels");
    }
    if (v instanceof Map<?, ?> m) {
      // insertion order kept, null values allowed (YAML's "key:" has one)
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(e.getKey(), deepCopy(e.getValue(), depth + 1));
      }
      return Collections.unmodifiableMap(out);
    }
    List<Object> out = new ArrayList<>();
    for (Object e : (List<?>) v) {
      out.add(deepCopy(e, depth + 1));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * A configuration made in code.
   *
   * @param kind the kind
   * @param name the name
   * @param type the type
   * @param parameters the parameters
   * @return a configuration made in code
   */
  public static PluginConfig of(
      PluginKind kind, String name, String type, Map<String, Object> parameters) {
    return new PluginConfig(kind, name, type, parameters, kind.configKind() + " " + name);
  }

  /**
   * A {@link ErrorCode#CONFIG_INVALID} exception about {@code field}.
   *
   * @param field the field
   * @param problem the problem
   * @return a {@link ErrorCode#CONFIG_INVALID} exception about {@code field}
   */
  public RatifyException invalid(String field, String problem) {
    return new RatifyException(
        ErrorCode.CONFIG_INVALID,
        origin + ": field 'parameters." + field + "': " + problem,
        "fix the " + kind.configKind() + " configuration",
        null);
  }

  /**
   * Fails when a parameter is not one of {@code known}, so that a typo such as {@code
   * verifcationCertStores} is an error instead of a setting silently ignored. Every built-in
   * factory calls this once, first thing in {@link PluginFactory#create}; plugin authors should do
   * the same.
   *
   * @param known the parameter names the plugin reads (or accepts and ignores)
   * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} naming the first unknown parameter (in
   *     alphabetical order) and listing the known ones
   */
  public void requireKnownParameters(Set<String> known) throws RatifyException {
    Objects.requireNonNull(known, "known");
    TreeSet<String> unknown = new TreeSet<>(parameters.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      String first = unknown.pollFirst();
      throw invalid(
          first,
          "unknown parameter; known: "
              + String.join(", ", new TreeSet<>(known))
              + (unknown.isEmpty() ? "" : " (also unknown: " + String.join(", ", unknown) + ")"));
    }
  }

  /**
   * A view of the map parameter {@code field} as a configuration of its own, whose error messages
   * name {@code field} as the enclosing field; for checking nested maps with the same accessors.
   *
   * @param field the parameter holding {@code map}
   * @param map the nested map
   * @return a configuration of the same plugin holding {@code map}
   */
  public PluginConfig nested(String field, Map<String, Object> map) {
    return new PluginConfig(kind, name, type, map, origin + " (in parameters." + field + ")");
  }

  /**
   * A raw parameter.
   *
   * @param field the field
   * @return a raw parameter
   */
  public Optional<Object> get(String field) {
    return Optional.ofNullable(parameters.get(field));
  }

  /**
   * A string parameter; numbers and booleans are not silently converted.
   *
   * @param field the field
   * @return a string parameter; numbers and booleans are not silently converted
   * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} naming the field when the value has
   *     the wrong type or is out of range
   */
  public Optional<String> string(String field) throws RatifyException {
    Object v = parameters.get(field);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof String s) {
      return Optional.of(s);
    }
    throw invalid(field, "expected a string, got " + describe(v));
  }

  /**
   * A required, non-blank string parameter.
   *
   * @param field the field
   * @return a required, non-blank string parameter
   * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} naming the field when the value has
   *     the wrong type or is out of range
   */
  public String requiredString(String field) throws RatifyException {
    String s = string(field).orElseThrow(() -> invalid(field, "is required"));
    if (s.isBlank()) {
      throw invalid(field, "must not be blank");
    }
    return s;
  }

  /**
   * A boolean parameter; accepts booleans and the strings {@code true}/{@code false}.
   *
   * @param field the field
   * @return a boolean parameter; accepts booleans and the strings {@code true}/{@code false}
   * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} naming the field when the value has
   *     the wrong type or is out of range
   */
  public Optional<Boolean> bool(String field) throws RatifyException {
    Object v = parameters.get(field);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Boolean b) {
      return Optional.of(b);
    }
    if (v instanceof String s && (s.equals("true") || s.equals("false"))) {
      return Optional.of(Boolean.parseBoolean(s));
    }
    throw invalid(field, "expected true or false, got " + describe(v));
  }

  /**
   * An integer parameter within {@code [min, max]}; accepts integral numbers and decimal strings.
   *
   * @param field the field
   * @param min the min
   * @param max the max
   * @return an integer parameter within {@code [min, max]}; accepts integral numbers and decimal
   *     strings
   * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} naming the field when the value has
   *     the wrong type or is out of range
   */
  public Optional<Long> integer(String field, long min, long max) throws RatifyException {
    Object v = parameters.get(field);
    if (v == null) {
      return Optional.empty();
    }
    long n;
    if (v instanceof Integer || v instanceof Long || v instanceof Short) {
      n = ((Number) v).longValue();
    } else if (v instanceof String s) {
      try {
        n = Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        throw invalid(field, "expected an integer, got '" + s + "'");
      }
    } else {
      throw invalid(field, "expected an integer, got " + describe(v));
    }
    if (n < min || n > max) {
      throw invalid(field, "must be between " + min + " and " + max + ", got " + n);
    }
    return Optional.of(n);
  }

  /**
   * A duration parameter: an integer (in {@code defaultUnit}), or a string such as {@code 10s},
   * {@code 1500ms}, {@code 2m}, {@code 1h30m}, or ISO-8601 {@code PT10S}.
   *
   * @param field the field
   * @param defaultUnit the default unit
   * @return a duration parameter: an integer (in {@code defaultUnit}), or a string such as {@code
   *     10s}, {@code 1500ms}, {@code 2m}, {@code 1h30m}, or ISO-8601 {@code PT10S}
   * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} naming the field when the value has
   *     the wrong type or is out of range
   */
  public Optional<Duration> duration(String field, java.time.temporal.ChronoUnit defaultUnit)
      throws RatifyException {
    Object v = parameters.get(field);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Integer || v instanceof Long) {
      long n = ((Number) v).longValue();
      if (n < 0) {
        throw invalid(field, "must not be negative");
      }
      return Optional.of(Duration.of(n, defaultUnit));
    }
    if (v instanceof String s) {
      Optional<Duration> d = parseDuration(s.trim());
      if (d.isPresent()) {
        return d;
      }
      throw invalid(field, "expected a duration such as 10s, 500ms or 1h30m, got '" + s + "'");
    }
    throw invalid(field, "expected a duration, got " + describe(v));
  }

  /**
   * A map parameter with string keys.
   *
   * @param field the field
   * @return a map parameter with string keys
   * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} naming the field when the value has
   *     the wrong type or is out of range
   */
  @SuppressWarnings("unchecked")
  public Optional<Map<String, Object>> map(String field) throws RatifyException {
    Object v = parameters.get(field);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof Map<?, ?> m) {
      for (Object k : m.keySet()) {
        if (!(k instanceof String)) {
          throw invalid(field, "keys must be strings");
        }
      }
      return Optional.of(Collections.unmodifiableMap((Map<String, Object>) m));
    }
    throw invalid(field, "expected a map, got " + describe(v));
  }

  /**
   * A list parameter.
   *
   * @param field the field
   * @return a list parameter
   * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} naming the field when the value has
   *     the wrong type or is out of range
   */
  public Optional<List<Object>> list(String field) throws RatifyException {
    Object v = parameters.get(field);
    if (v == null) {
      return Optional.empty();
    }
    if (v instanceof List<?> l) {
      return Optional.of(Collections.unmodifiableList(new ArrayList<>(l)));
    }
    throw invalid(field, "expected a list, got " + describe(v));
  }

  /**
   * A list of strings; a single string is split on commas (Ratify's {@code artifactTypes} form).
   * Blank entries are dropped.
   *
   * @param field the field
   * @return a list of strings; a single string is split on commas (Ratify's {@code artifactTypes}
   *     form)
   * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} naming the field when the value has
   *     the wrong type or is out of range
   */
  public List<String> stringList(String field) throws RatifyException {
    Object v = parameters.get(field);
    List<String> out = new ArrayList<>();
    if (v == null) {
      return List.of();
    }
    if (v instanceof String s) {
      for (String part : s.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      return List.copyOf(out);
    }
    if (v instanceof List<?> l) {
      for (Object o : l) {
        if (!(o instanceof String s)) {
          throw invalid(field, "expected a list of strings, found " + describe(o));
        }
        if (!s.isBlank()) {
          out.add(s.trim());
        }
      }
      return List.copyOf(out);
    }
    throw invalid(field, "expected a string or a list of strings, got " + describe(v));
  }

  /**
   * A short description of a parameter value's type, for messages.
   *
   * @param v the v
   * @return a short description of a parameter value's type, for messages
   */
  public static String describe(Object v) {
    if (v == null) {
      return "nothing";
    }
    if (v instanceof Map) {
      return "a map";
    }
    if (v instanceof List) {
      return "a list";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    if (v instanceof Number) {
      return "a number";
    }
    if (v instanceof String) {
      return "a string";
    }
    return "a " + v.getClass().getSimpleName();
  }

  private static Optional<Duration> parseDuration(String s) {
    if (s.isEmpty()) {
      return Optional.empty();
    }
    if (s.startsWith("P") || s.startsWith("p")) {
      try {
        return Optional.of(Duration.parse(s));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h)").matcher(s);
    Duration total = Duration.ZERO;
    int pos = 0;
    while (m.find() && m.start() == pos) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
              });
      pos = m.end();
    }
    return pos == s.length() && pos > 0 ? Optional.of(total) : Optional.empty();
  }
}
