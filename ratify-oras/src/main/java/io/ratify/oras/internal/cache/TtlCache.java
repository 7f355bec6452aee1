package io.ratify.oras.internal.cache;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Values that may change (tag to digest, referrer lists) kept for a fixed time to live and at most
 * {@code maxEntries} at once. A zero TTL disables the cache. Thread-safe.
 *
 * @param <K> key type
 * @param <V> value type (immutable)
 */
public final class TtlCache<K, V> {
  private record Entry<V>(V value, long expiresAtNanos) {}

  private final long ttlNanos;
  private final int maxEntries;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();

  /** A cache with the given time to live on {@link System#nanoTime()}. */
  public TtlCache(Duration ttl, int maxEntries) {
    this(ttl, maxEntries, System::nanoTime);
  }

  /** A cache on a given monotonic clock (tests). */
  public TtlCache(Duration ttl, int maxEntries, LongSupplier nanoClock) {
    if (ttl.isNegative() || maxEntries < 1) {
      throw new IllegalArgumentException(
          "ttl must not be negative and maxEntries must be positive");
    }
    this.ttlNanos = ttl.toNanos();
    this.maxEntries = maxEntries;
    this.nanoClock = nanoClock;
  }

  /** The live value for {@code key}. */
  public Optional<V> get(K key) {
    Entry<V> e = entries.get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (e.expiresAtNanos - nanoClock.getAsLong() <= 0) {
      entries.remove(key, e);
      return Optional.empty();
    }
    return Optional.of(e.value);
  }

  /** Stores {@code value} for one TTL. */
  public void put(K key, V value) {
    if (ttlNanos == 0) {
      return;
    }
    long now = nanoClock.getAsLong();
    if (entries.size() >= maxEntries) {
      entries.values().removeIf(e -> e.expiresAtNanos - now <= 0);
      if (entries.size() >= maxEntries) {
        // Everything is live: starting over is simpler than LRU and only costs re-fetches.
        entries.clear();
      }
    }
    entries.put(key, new Entry<>(value, now + ttlNanos));
  }

  /** Forgets {@code key}. */
  public void invalidate(K key) {
    entries.remove(key);
  }

  /** Drops everything. */
  public void clear() {
    entries.clear();
  }
}
