package io.ratify.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.examples.server.Testbed.Answer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** Replicas sharing verdicts through a real redis-server; a shared cache that cannot forge. */
class SharedCacheTest {
  static final byte[] KEY =
      "0123456789abcdef0123456789abcdef-test-key".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  static Testbed bed;
  static Path config;
  static RedisProcess redis;
  static final HttpClient HTTP = Testbed.client(null);
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void setUp() throws Exception {
    bed = Testbed.get();
    config = bed.writeConfig("shared.yaml", bed.config(bed.trusted));
    redis = RedisProcess.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private ProviderServer replica(byte[] key) throws Exception {
    ProviderServer s =
        ProviderServer.builder()
            .config(config)
            .address("127.0.0.1:0")
            .healthAddress("127.0.0.1:0")
            .sharedCache(redis.uri(), key)
            .sharedCacheTimeout(Duration.ofMillis(200))
            .build()
            .start();
    open.add(0, s);
    return s;
  }

  private static String base(ProviderServer s) {
    return "http://127.0.0.1:" + s.port();
  }

  private static String metrics(ProviderServer s) throws Exception {
    return Testbed.get(HTTP, URI.create("http://127.0.0.1:" + s.metricsPort() + "/metrics"));
  }

  private static Set<String> redisKeys(String pattern) {
    try (RedisClient c = RedisClient.create(redis.uri())) {
      return c.keys(pattern);
    }
  }

  @Test
  void aSecondReplicaAnswersFromTheFirstsVerdictWithoutTouchingTheRegistry() throws Exception {
    List<String> keys =
        List.of("[share]" + bed.ref("signed"), "[share]" + bed.pinned(bed.unsignedDigest));
    ProviderServer first = replica(KEY);
    Answer a = Testbed.verify(HTTP, base(first), "v1", keys);
    assertTrue(a.item(0).get("value").get("isSuccess").asBoolean());
    assertFalse(a.item(1).get("value").get("isSuccess").asBoolean());
    assertTrue(
        ProviderServerTest.eventually(() -> redisKeys("ratify:verdict:*").size() >= 2),
        "the verdicts never reached Redis");

    long before = bed.registryRequests();
    ProviderServer second = replica(KEY);
    Answer b = Testbed.verify(HTTP, base(second), "v2", keys);
    assertEquals(a.item(0).get("value"), b.item(0).get("value"));
    assertEquals(a.item(1).get("value"), b.item(1).get("value"));
    assertEquals(before, bed.registryRequests(), "the second replica reached the registry");
    String m = metrics(second);
    assertEquals(0, Testbed.metric(m, "ratify_registry_request_count_total"), m);
    assertTrue(
        Testbed.metric(m, "ratify_cache_count_total{cache=\"shared\",result=\"hit\"}") >= 2, m);
  }

  @Test
  void aTamperedOrForeignEntryIsAMissNeverAnAccept() throws Exception {
    List<String> keys = List.of("[tamper]" + bed.pinned(bed.unsignedDigest));
    ProviderServer first = replica(KEY);
    assertFalse(
        Testbed.verify(HTTP, base(first), "v1", keys)
            .item(0)
            .get("value")
            .get("isSuccess")
            .asBoolean());
    assertTrue(ProviderServerTest.eventually(() -> !redisKeys("ratify:verdict:*").isEmpty()));
    // flip every denial in Redis into an acceptance, keeping the MAC
    int flipped = 0;
    try (RedisClient c = RedisClient.create(redis.uri())) {
      for (String k : c.keys("ratify:verdict:*")) {
        String v = c.get(k);
        if (v != null && v.contains(".0|")) {
          c.set(k, v.replace(".0|", ".1|").replace("\"isSuccess\":false", "\"isSuccess\":true"));
          flipped++;
        }
      }
    }
    assertTrue(flipped >= 1);
    ProviderServer second = replica(KEY);
    Answer b = Testbed.verify(HTTP, base(second), "v1", keys);
    assertFalse(b.item(0).get("value").get("isSuccess").asBoolean(), b.body()::toString);
    assertTrue(
        Testbed.metric(
                metrics(second), "ratify_shared_cache_failure_count_total{reason=\"tampered\"}")
            >= 1);

    // a replica with another key cannot read (or be fooled by) the entries either
    ProviderServer foreign =
        replica(
            "another-key-another-key-another-key!!"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Answer f = Testbed.verify(HTTP, base(foreign), "v1", List.of("[share]" + bed.ref("signed")));
    assertTrue(f.item(0).get("value").get("isSuccess").asBoolean());
    assertEquals(
        0,
        Testbed.metric(
            metrics(foreign), "ratify_cache_count_total{cache=\"shared\",result=\"hit\"}"));
  }

  @Test
  void verificationGoesOnWhenRedisDies() throws Exception {
    ProviderServer s = replica(KEY);
    assertTrue(
        Testbed.verify(HTTP, base(s), "v1", List.of("[before]" + bed.ref("signed")))
            .item(0)
            .get("value")
            .get("isSuccess")
            .asBoolean());
    redis.kill();
    try {
      for (int i = 0; i < 5; i++) {
        Answer a =
            Testbed.verify(
                HTTP,
                base(s),
                "v1",
                List.of(
                    "[after-" + i + "]" + bed.ref("signed"),
                    "[after-" + i + "]" + bed.ref("unsigned")));
        assertEquals(200, a.status());
        assertTrue(a.item(0).get("value").get("isSuccess").asBoolean(), a.body()::toString);
        assertFalse(a.item(1).get("value").get("isSuccess").asBoolean());
        assertTrue(a.millis() < 3000, a.millis() + " ms");
      }
      String m = metrics(s);
      assertTrue(
          Testbed.metric(m, "ratify_shared_cache_failure_count_total{reason=\"error\"}")
                  + Testbed.metric(m, "ratify_shared_cache_failure_count_total{reason=\"timeout\"}")
              >= 1,
          m);
    } finally {
      redis = RedisProcess.start(); // for tests that run after this one
    }
  }
}
