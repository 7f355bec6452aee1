package io.ratify.examples.server.internal;

import java.util.Optional;

/**
 * One item of a {@code ProviderResponse}.
 *
 * @param key the echoed key
 * @param jsonValue the value as JSON text (a report object or a string literal), if any
 * @param error the error, if any
 * @param outcome what happened, for logs and metrics
 * @param cacheHit whether the answer came from a cache
 */
public record Item(
    String key,
    Optional<String> jsonValue,
    Optional<String> error,
    Outcome outcome,
    boolean cacheHit) {

  /** What an item says. */
  public enum Outcome {
    /** verified, or mutated. */
    ALLOWED,
    /** verification denied. */
    DENIED,
    /** an error other than a timeout. */
    ERROR,
    /** the deadline passed first. */
    TIMEOUT
  }

  static Item error(String key, String error, Outcome outcome) {
    return new Item(key, Optional.empty(), Optional.of(error), outcome, false);
  }
}
