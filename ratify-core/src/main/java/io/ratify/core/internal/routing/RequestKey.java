package io.ratify.core.internal.routing;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.internal.parse.Printable;

/**
 * A request key as Gatekeeper sends it: {@code [namespace]image} or just {@code image}. An empty or
 * absent namespace means cluster scope.
 *
 * @param namespace the namespace, {@code ""} for cluster scope
 * @param subject the image reference text
 */
public record RequestKey(String namespace, String subject) {
  private static final int MAX_NAMESPACE = 253;

  /**
   * Splits {@code key}.
   *
   * @throws RatifyException {@link ErrorCode#REFERENCE_INVALID} for an unterminated or invalid
   *     namespace prefix
   */
  public static RequestKey parse(String key) throws RatifyException {
    if (key == null || !key.startsWith("[")) {
      return new RequestKey("", key == null ? "" : key);
    }
    int close = key.indexOf(']');
    if (close < 0) {
      throw invalid(key, "the namespace prefix '[' is not closed");
    }
    String ns = key.substring(1, close);
    if (ns.length() > MAX_NAMESPACE) {
      throw invalid(key, "the namespace is longer than " + MAX_NAMESPACE + " characters");
    }
    for (int i = 0; i < ns.length(); i++) {
      char c = ns.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
        throw invalid(key, "a namespace is lower-case letters, digits, '-' and '.'");
      }
    }
    return new RequestKey(ns, key.substring(close + 1));
  }

  private static RatifyException invalid(String key, String why) {
    return new RatifyException(
        ErrorCode.REFERENCE_INVALID,
        "invalid request key '" + Printable.of(key, 200) + "': " + why,
        "use [namespace]registry/repository[:tag][@digest]",
        null);
  }
}
