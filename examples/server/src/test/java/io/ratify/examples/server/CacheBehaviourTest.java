package io.ratify.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ratify.api.Digest;
import io.ratify.api.MediaTypes;
import io.ratify.examples.server.FaultyRegistryProxy.Mode;
import io.ratify.examples.server.HttpsProviders.ManualTicker;
import io.ratify.examples.server.Testbed.Answer;
import io.ratify.oras.testing.RegistryPusher;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provider's caches against the real registry, over HTTPS: single flight, the shorter life of
 * denials, transient denials never cached, the tag and mutation caches. Cache ages come from a
 * ticker the test moves, and calls are counted where the server makes them, so nothing depends on
 * how fast the machine is.
 */
class CacheBehaviourTest {
  static final String RESOLVES = "ratify_registry_request_count_total{operation=\"resolve\"";
  static Testbed bed;
  static Path trusted;
  static Path trustedNoStoreCache;
  HttpsProviders providers;

  @BeforeAll
  static void registry() throws Exception {
    bed = Testbed.get();
    trusted = bed.writeConfig("cache-trusted.yaml", bed.config(bed.trusted));
    trustedNoStoreCache =
        bed.writeConfig("cache-no-store-cache.yaml", withoutStoreCache(bed.config(bed.trusted)));
  }

  /** The store's own cache off and no retries: every verification asks the registry once. */
  static String withoutStoreCache(String config) {
    String changed =
        config.replace(
            "useHttp: true", "useHttp: true\n    cacheEnabled: false\n    maxRetries: 0");
    assertFalse(changed.equals(config), "the configuration has no store parameters to extend");
    return changed;
  }

  @AfterEach
  void stop() {
    if (providers != null) {
      providers.close();
    }
  }

  HttpsProviders providers() throws Exception {
    providers = new HttpsProviders(bed);
    return providers;
  }

  /** A provider with a 10 s cache TTL (so 2 s for denials, 3 s for tags) aged by {@code clock}. */
  ProviderServer tenSecondCache(Path config, ManualTicker clock, GatedBackends g) throws Exception {
    return providers.start(
        config, b -> b.cacheTtl(Duration.ofSeconds(10)).ticker(clock).wrapBackends(g));
  }

  static boolean allowed(Answer a, int i) {
    JsonNode item = a.item(i);
    return item.has("value") && item.get("value").path("isSuccess").asBoolean();
  }

  @Test
  void identicalConcurrentVerificationsAreComputedOnce() throws Exception {
    HttpsProviders p = providers();
    GatedBackends g = new GatedBackends();
    // every cache off: only single flight can make the eight requests share one verification
    ProviderServer s = p.start(trustedNoStoreCache, b -> b.cacheTtl(Duration.ZERO).wrapBackends(g));
    List<String> key = List.of("[single]" + bed.pinned(bed.signedDigest));
    int clients = 8;
    g.hold(1);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Answer>> answers = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        answers.add(pool.submit(() -> p.verify(s, key)));
      }
      g.awaitHeld(1);
      // the other seven have joined the held verification before it is let go
      assertTrue(
          HttpsProviders.eventually(
              () ->
                  p.metric(s, "ratify_cache_count_total{cache=\"inflight\",result=\"hit\"}")
                      == clients - 1),
          "the identical requests never joined the running verification");
      g.open();
      for (Future<Answer> f : answers) {
        Answer a = f.get();
        assertEquals(200, a.status());
        assertTrue(allowed(a, 0), a.body()::toString);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, g.validations.get(), "validations started");
    assertEquals(1, p.metric(s, "ratify_verifier_duration_count{"), "verifier calls");
    // one verification's registry traffic: one envelope blob fetched, not eight
    assertEquals(
        1, p.metric(s, "ratify_registry_request_count_total{operation=\"fetch_blob\""), "blobs");
  }

  @Test
  void denialsAreCachedForTheSmallerOfTheCacheTtlAndTwoSeconds() throws Exception {
    HttpsProviders p = providers();
    GatedBackends g = new GatedBackends();
    ManualTicker clock = new ManualTicker();
    ProviderServer s = tenSecondCache(trusted, clock, g);
    String signed = "[ttl]" + bed.pinned(bed.signedDigest);
    String unsigned = "[ttl]" + bed.pinned(bed.unsignedDigest);
    List<String> keys = List.of(signed, unsigned);

    Answer first = p.verify(s, keys);
    assertTrue(allowed(first, 0));
    assertFalse(allowed(first, 1));
    assertEquals(2, g.validations.get());

    clock.advance(Duration.ofMillis(1999));
    p.verify(s, keys);
    assertEquals(2, g.validations.get(), "the denial expired before 2 s");

    clock.advance(Duration.ofMillis(2));
    Answer later = p.verify(s, keys);
    assertEquals(3, g.validations.get(), "the denial outlived 2 s");
    assertEquals(bed.pinned(bed.unsignedDigest), g.validated.get(2).toString());
    assertTrue(allowed(later, 0));
    assertFalse(allowed(later, 1));

    clock.advance(Duration.ofMillis(7998)); // 9999 ms after the allowed verdict
    p.verify(s, List.of(signed));
    assertEquals(3, g.validations.get(), "the allowed verdict expired before the cache TTL");
    clock.advance(Duration.ofMillis(2));
    p.verify(s, List.of(signed));
    assertEquals(4, g.validations.get(), "the allowed verdict outlived the cache TTL");
    assertEquals(bed.pinned(bed.signedDigest), g.validated.get(3).toString());

    // a cache TTL under 2 s bounds the denials too
    GatedBackends g2 = new GatedBackends();
    ManualTicker clock2 = new ManualTicker();
    ProviderServer short_ =
        p.start(trusted, b -> b.cacheTtl(Duration.ofMillis(500)).ticker(clock2).wrapBackends(g2));
    p.verify(short_, List.of(unsigned));
    clock2.advance(Duration.ofMillis(499));
    p.verify(short_, List.of(unsigned));
    assertEquals(1, g2.validations.get());
    clock2.advance(Duration.ofMillis(2));
    p.verify(short_, List.of(unsigned));
    assertEquals(2, g2.validations.get(), "the denial outlived a 500 ms cache TTL");
  }

  @Test
  void transientDenialsAreAnsweredButNeverCachedLastingOnesAre() throws Exception {
    HttpsProviders p = providers();
    GatedBackends g = new GatedBackends();
    try (FaultyRegistryProxy proxy = new FaultyRegistryProxy(bed.registry.baseUri())) {
      ProviderServer s =
          p.start(
              trustedNoStoreCache,
              b ->
                  b.cacheTtl(Duration.ofHours(1))
                      .verifyTimeout(Duration.ofSeconds(2))
                      .wrapBackends(g));
      String signed = "[transient]" + proxy.host() + "/" + Testbed.REPO + "@" + bed.signedDigest;
      int validations = 0;
      for (Mode mode : List.of(Mode.THROTTLE, Mode.DROP, Mode.STALL)) {
        proxy.mode(mode);
        for (int round = 0; round < 2; round++) {
          int before = proxy.requests.get();
          Answer a = p.verify(s, List.of(signed));
          assertEquals(200, a.status());
          assertFalse(allowed(a, 0), mode + ": " + a.body());
          validations++;
          assertEquals(validations, g.validations.get(), mode + ": served from a cache");
          assertTrue(proxy.requests.get() > before, mode + ": the registry was not asked again");
          // a stalled verification goes on after its TIMEOUT answer; let it end before the next
          assertTrue(HttpsProviders.eventually(() -> g.running() == 0));
        }
        if (mode == Mode.STALL) {
          proxy.releaseStalled();
        }
      }
      assertEquals(
          0, p.metric(s, "ratify_cache_count_total{cache=\"result\",result=\"hit\"}"), "hits");

      // the registry recovers: no denial was kept, the next answer is the real verdict
      proxy.mode(Mode.PASS);
      assertTrue(allowed(p.verify(s, List.of(signed)), 0));

      // a lasting denial (no signature) is cached: the second answer never reaches the registry
      String unsigned =
          "[transient]" + proxy.host() + "/" + Testbed.REPO + "@" + bed.unsignedDigest;
      assertFalse(allowed(p.verify(s, List.of(unsigned)), 0));
      int before = proxy.requests.get();
      int validated = g.validations.get();
      Answer again = p.verify(s, List.of(unsigned));
      assertFalse(allowed(again, 0));
      assertEquals(before, proxy.requests.get(), "a lasting denial was not cached");
      assertEquals(validated, g.validations.get());
    }
  }

  @Test
  void aMovedTagIsServedItsOldDigestForAtMostTheTagTtl() throws Exception {
    String tag = "moving-verify";
    retag(tag, bed.signedDigest);
    HttpsProviders p = providers();
    GatedBackends g = new GatedBackends();
    ManualTicker clock = new ManualTicker();
    // tag TTL: the smaller of the cache TTL and 3 s. The store's own tag cache (its `ttl`, on a
    // wall clock) would add to that bound: off here, so the provider's bound is what is measured
    ProviderServer s = tenSecondCache(trustedNoStoreCache, clock, g);
    List<String> key = List.of(bed.ref(tag));
    assertTrue(allowed(p.verify(s, key), 0));
    assertEquals(bed.pinned(bed.signedDigest), g.validated.get(0).toString());
    double resolves = p.metric(s, RESOLVES);

    retag(tag, bed.unsignedDigest);
    clock.advance(Duration.ofMillis(2999));
    assertTrue(allowed(p.verify(s, key), 0), "within the tag TTL the old digest is served");
    assertEquals(resolves, p.metric(s, RESOLVES));

    clock.advance(Duration.ofMillis(2));
    Answer moved = p.verify(s, key);
    assertFalse(allowed(moved, 0), "past the tag TTL the tag must be resolved again");
    assertEquals(
        bed.pinned(bed.unsignedDigest), g.validated.get(g.validated.size() - 1).toString());
  }

  @Test
  void aSecondMutateOfTheSameTagIsAnsweredFromTheMutationCache() throws Exception {
    ManualTicker clock = new ManualTicker();
    HttpsProviders p = providers();
    ProviderServer s = tenSecondCache(trustedNoStoreCache, clock, new GatedBackends());
    String tag = "moving-mutate";
    retag(tag, bed.signedDigest);
    Answer first = p.mutate(s, List.of(bed.ref(tag)));
    assertEquals(bed.pinned(bed.signedDigest), first.item(0).get("value").asText());
    assertEquals(1, p.metric(s, RESOLVES));

    Answer second = p.mutate(s, List.of(bed.ref(tag)));
    assertEquals(bed.pinned(bed.signedDigest), second.item(0).get("value").asText());
    assertEquals(1, p.metric(s, RESOLVES), "the second mutate reached the registry");
    assertEquals(1, p.metric(s, "ratify_cache_count_total{cache=\"mutation\",result=\"hit\"}"));

    // the mutation cache is bounded by the tag TTL like the tag cache
    retag(tag, bed.unsignedDigest);
    clock.advance(Duration.ofMillis(3001));
    Answer moved = p.mutate(s, List.of(bed.ref(tag)));
    assertEquals(bed.pinned(bed.unsignedDigest), moved.item(0).get("value").asText());
    assertEquals(2, p.metric(s, RESOLVES));
  }

  /** Points {@code tag} of the test repository at the manifest {@code digest}. */
  static void retag(String tag, Digest digest) throws Exception {
    HttpResponse<byte[]> m =
        bed.registry
            .client()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://"
                                + bed.registry.host()
                                + "/v2/"
                                + Testbed.REPO
                                + "/manifests/"
                                + digest))
                    .header("Accept", MediaTypes.OCI_MANIFEST)
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, m.statusCode());
    new RegistryPusher(bed.registry, Optional.empty())
        .pushManifest(Testbed.REPO, tag, MediaTypes.OCI_MANIFEST, m.body());
  }
}
