package io.ratify.oras.internal.cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Immutable content (manifests and blobs addressed by digest), least recently used first out,
 * bounded by the total number of bytes held. Entries larger than a quarter of the capacity are not
 * kept, so one large blob cannot evict everything else. Callers store only content whose digest was
 * checked. Thread-safe.
 */
public final class ContentCache {
  private final long capacityBytes;
  private final LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long heldBytes;

  /** A cache holding at most {@code capacityBytes}; zero disables it. */
  public ContentCache(long capacityBytes) {
    if (capacityBytes < 0) {
      throw new IllegalArgumentException("capacity must not be negative");
    }
    this.capacityBytes = capacityBytes;
  }

  /** The content under {@code key}; the caller must not modify the array. */
  public synchronized Optional<byte[]> get(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  /** Keeps {@code content} (not copied: callers hand over ownership) when it fits. */
  public synchronized void put(String key, byte[] content) {
    if (content.length > capacityBytes / 4) {
      return;
    }
    byte[] old = entries.put(key, content);
    heldBytes += content.length - (old == null ? 0 : old.length);
    for (Iterator<Map.Entry<String, byte[]>> it = entries.entrySet().iterator();
        heldBytes > capacityBytes && it.hasNext(); ) {
      heldBytes -= it.next().getValue().length;
      it.remove();
    }
  }

  /** Bytes currently held. */
  public synchronized long heldBytes() {
    return heldBytes;
  }

  /** Drops everything. */
  public synchronized void clear() {
    entries.clear();
    heldBytes = 0;
  }
}
