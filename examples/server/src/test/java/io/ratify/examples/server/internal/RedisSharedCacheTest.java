package io.ratify.examples.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The entry format of the shared cache: sealed entries open only for their key, intact, in time.
 */
class RedisSharedCacheTest {
  static final byte[] KEY = "k".repeat(32).getBytes(StandardCharsets.UTF_8);

  static RedisSharedCache cache(byte[] key) {
    // nothing listens on port 1: the client connects lazily, so sealing needs no Redis
    return new RedisSharedCache(
        URI.create("redis://127.0.0.1:1"), key, Duration.ofMillis(20), new Metrics());
  }

  @Test
  void aSealedEntryOpensForItsKeyOnly() {
    try (RedisSharedCache c = cache(KEY)) {
      long future = System.currentTimeMillis() + 60_000;
      String sealed = c.seal("a", future, "1|{\"isSuccess\":true}");
      assertEquals(Optional.of("1|{\"isSuccess\":true}"), c.open("a", sealed));
      assertEquals(Optional.empty(), c.open("b", sealed), "moved to another key");
      assertEquals(
          Optional.empty(),
          c.open("a", c.seal("a", System.currentTimeMillis() - 1, "x")),
          "expired");
      try (RedisSharedCache other = cache("o".repeat(32).getBytes(StandardCharsets.UTF_8))) {
        assertEquals(Optional.empty(), other.open("a", sealed), "another key");
      }
    }
  }

  @Test
  void aShortKeyIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> cache(new byte[31]));
  }

  @Test
  void anUnreachableRedisIsAMissWithinTheBudget() {
    try (RedisSharedCache c = cache(KEY)) {
      long t0 = System.nanoTime();
      assertEquals(Optional.empty(), c.get("x"));
      assertEquals(Optional.empty(), c.get("y")); // backed off: not even tried
      assertTrue((System.nanoTime() - t0) / 1_000_000 < 1000);
    }
  }

  @Property(tries = 300)
  void anyChangeToASealedEntryIsRejected(@ForAll int position, @ForAll char replacement) {
    try (RedisSharedCache c = cache(KEY)) {
      String sealed = c.seal("key", System.currentTimeMillis() + 60_000, "0|{\"isSuccess\":false}");
      int i = Math.floorMod(position, sealed.length());
      if (sealed.charAt(i) == replacement) {
        return;
      }
      String tampered = sealed.substring(0, i) + replacement + sealed.substring(i + 1);
      assertEquals(Optional.empty(), c.open("key", tampered), tampered);
    }
  }
}
