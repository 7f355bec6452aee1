package io.ratify.examples.server.internal;

import java.time.Duration;
import java.util.Optional;

/**
 * A cache shared by the replicas of one deployment. Every failure of the cache is a miss: {@link
 * #get} never throws and never blocks beyond the implementation's small budget, and {@link #put}
 * never blocks the caller.
 */
public interface SharedCache extends AutoCloseable {
  /** The authenticated value under {@code key}, or empty (absent, tampered, slow, failed). */
  Optional<String> get(String key);

  /** Stores {@code value} under {@code key} for {@code ttl}, in the background. */
  void put(String key, String value, Duration ttl);

  /** Releases connections. Never throws. */
  @Override
  void close();

  /** A cache that holds nothing. */
  static SharedCache none() {
    return new SharedCache() {
      @Override
      public Optional<String> get(String key) {
        return Optional.empty();
      }

      @Override
      public void put(String key, String value, Duration ttl) {}

      @Override
      public void close() {}
    };
  }
}
