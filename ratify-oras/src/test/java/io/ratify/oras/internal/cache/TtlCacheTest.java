package io.ratify.oras.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TtlCacheTest {
  final AtomicLong now = new AtomicLong();

  @Test
  void entriesLiveForTheirTtlOnly() {
    TtlCache<String, String> c = new TtlCache<>(Duration.ofSeconds(10), 10, now::get);
    c.put("k", "v");
    now.addAndGet(Duration.ofSeconds(9).toNanos());
    assertEquals(Optional.of("v"), c.get("k"));
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertTrue(c.get("k").isEmpty());
  }

  @Test
  void zeroTtlKeepsNothing() {
    TtlCache<String, String> c = new TtlCache<>(Duration.ZERO, 10, now::get);
    c.put("k", "v");
    assertTrue(c.get("k").isEmpty());
  }

  @Test
  void staysWithinItsEntryBound() {
    TtlCache<Integer, Integer> c = new TtlCache<>(Duration.ofSeconds(10), 3, now::get);
    for (int i = 0; i < 10; i++) {
      c.put(i, i);
    }
    int live = 0;
    for (int i = 0; i < 10; i++) {
      live += c.get(i).isPresent() ? 1 : 0;
    }
    assertTrue(live <= 3, "live entries: " + live);
    assertEquals(Optional.of(9), c.get(9));
  }
}
