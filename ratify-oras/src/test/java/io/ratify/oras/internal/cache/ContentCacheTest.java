package io.ratify.oras.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ContentCacheTest {
  @Test
  void evictsLeastRecentlyUsedToStayWithinTheByteBound() {
    ContentCache c = new ContentCache(100);
    c.put("a", new byte[25]);
    c.put("b", new byte[25]);
    c.put("c", new byte[25]);
    c.get("a"); // a is now the most recently used
    c.put("d", new byte[25]);
    c.put("e", new byte[25]);
    assertTrue(c.get("a").isPresent());
    assertTrue(c.get("b").isEmpty());
    assertTrue(c.heldBytes() <= 100);
  }

  @Test
  void doesNotKeepEntriesAboveAQuarterOfTheCapacity() {
    ContentCache c = new ContentCache(100);
    c.put("big", new byte[26]);
    assertTrue(c.get("big").isEmpty());
    assertEquals(0, c.heldBytes());
  }

  @Test
  void zeroCapacityKeepsNothing() {
    ContentCache c = new ContentCache(0);
    c.put("a", new byte[0]);
    c.put("b", new byte[1]);
    assertTrue(c.get("b").isEmpty());
  }
}
