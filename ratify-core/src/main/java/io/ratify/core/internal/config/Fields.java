package io.ratify.core.internal.config;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.spi.PluginConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A mapping being read from a configuration document, with where it sits (origin and field path) so
 * that every error names the document and the field and says what was expected.
 */
final class Fields {
  private final Map<String, Object> map;
  private final String origin;
  private final String path;

  Fields(Map<String, Object> map, String origin, String path) {
    this.map = map;
    this.origin = origin;
    this.path = path;
  }

  /** Reads {@code value} as a mapping at {@code path}. */
  @SuppressWarnings("unchecked")
  static Fields of(Object value, String origin, String path, String expected)
      throws RatifyException {
    if (!(value instanceof Map)) {
      throw invalid(origin, path, "expected " + expected + ", got " + PluginConfig.describe(value));
    }
    return new Fields((Map<String, Object>) value, origin, path);
  }

  static RatifyException invalid(String origin, String field, String problem) {
    String where = field.isEmpty() ? "" : ": field '" + field + "'";
    return new RatifyException(
        ErrorCode.CONFIG_INVALID, origin + where + ": " + problem, "fix the configuration", null);
  }

  RatifyException invalid(String key, String problem) {
    return invalid(origin, field(key), problem);
  }

  String field(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  String origin() {
    return origin;
  }

  boolean has(String key) {
    return map.get(key) != null;
  }

  Optional<Object> get(String key) {
    return Optional.ofNullable(map.get(key));
  }

  Optional<String> string(String key) throws RatifyException {
    Object v = map.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String s)) {
      throw invalid(key, "expected a string, got " + PluginConfig.describe(v));
    }
    if (s.isBlank()) {
      throw invalid(key, "must not be blank");
    }
    return Optional.of(s.trim());
  }

  String requiredString(String key) throws RatifyException {
    return string(key).orElseThrow(() -> invalid(key, "is required"));
  }

  Optional<Fields> fields(String key, String expected) throws RatifyException {
    Object v = map.get(key);
    return v == null ? Optional.empty() : Optional.of(of(v, origin, field(key), expected));
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> parameters(String key) throws RatifyException {
    Object v = map.get(key);
    if (v == null) {
      return new LinkedHashMap<>();
    }
    if (!(v instanceof Map)) {
      throw invalid(key, "expected a mapping of parameters, got " + PluginConfig.describe(v));
    }
    return new LinkedHashMap<>((Map<String, Object>) v);
  }

  Optional<List<?>> list(String key) throws RatifyException {
    Object v = map.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof List<?> l)) {
      throw invalid(key, "expected a list, got " + PluginConfig.describe(v));
    }
    return Optional.of(l);
  }

  Optional<Long> integer(String key, long min, long max) throws RatifyException {
    Object v = map.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof Integer || v instanceof Long)) {
      throw invalid(key, "expected an integer, got " + PluginConfig.describe(v));
    }
    long n = ((Number) v).longValue();
    if (n < min || n > max) {
      throw invalid(key, "must be between " + min + " and " + max + ", got " + n);
    }
    return Optional.of(n);
  }

  /** Fails on any key outside {@code allowed}, naming them. */
  void allowOnly(Set<String> allowed) throws RatifyException {
    for (String k : map.keySet()) {
      if (!allowed.contains(k)) {
        throw invalid(
            k, "unknown field; expected one of " + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  /** A copy of the mapping without {@code keys}. */
  Map<String, Object> without(Set<String> keys) {
    Map<String, Object> out = new LinkedHashMap<>(map);
    out.keySet().removeAll(keys);
    return out;
  }
}
