package io.ratify.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.examples.server.Testbed.Answer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What happens to a request while the server works, over HTTPS against the real registry: a
 * configuration reload under a request in flight, the bound on keys verified at once, and the
 * system-error count. Validations are held at a gate the test opens, so ordering is forced, not
 * hoped for.
 */
class RequestLifecycleTest {
  static Testbed bed;
  HttpsProviders providers;

  @BeforeAll
  static void registry() throws Exception {
    bed = Testbed.get();
  }

  @AfterEach
  void stop() {
    if (providers != null) {
      providers.close();
    }
  }

  @Test
  void aReloadLetsInFlightRequestsFinishOnTheirExecutorThenClosesIt() throws Exception {
    providers = new HttpsProviders(bed);
    GatedBackends g = new GatedBackends();
    Path config = Files.createTempDirectory(bed.dir, "reload").resolve("config.yaml");
    replace(config, bed.config(bed.trusted));
    ProviderServer s = providers.start(config, b -> b.wrapBackends(g));
    List<String> key = List.of("[reload]" + bed.pinned(bed.signedDigest));
    ExecutorService one = Executors.newSingleThreadExecutor();
    try {
      g.hold(1);
      Future<Answer> inFlight = one.submit(() -> providers.verify(s, key));
      g.awaitHeld(1);

      // the configuration now trusts another CA; the held request keeps the old executor
      replace(config, bed.config(bed.untrusted));
      assertTrue(
          HttpsProviders.eventually(
              () ->
                  providers.metric(s, "ratify_config_reload_count_total{result=\"success\"}") == 2),
          "the new configuration was never loaded");
      assertEquals(2, g.built.size());
      GatedBackends.Gated old = g.built.get(0);
      GatedBackends.Gated current = g.built.get(1);
      assertFalse(old.isClosed(), "closed under a request in flight");

      Answer fresh = providers.verify(s, key);
      assertFalse(fresh.item(0).get("value").get("isSuccess").asBoolean(), fresh.body()::toString);
      assertEquals(1, current.validations.get());
      assertFalse(old.isClosed(), "closed under a request in flight");

      g.open();
      Answer finished = inFlight.get(60, TimeUnit.SECONDS);
      assertTrue(
          finished.item(0).get("value").get("isSuccess").asBoolean(),
          "the in-flight request did not finish on the executor it started with: "
              + finished.body());
      assertEquals(1, old.validations.get());
      // released before the answer was written: closed by the time it arrives
      assertTrue(old.closed.await(10, TimeUnit.SECONDS), "the old executor was never closed");
      assertFalse(current.isClosed());
    } finally {
      g.open();
      one.shutdownNow();
    }
  }

  @Test
  void atMostEightKeysOfOneRequestAreVerifiedAtOnce() throws Exception {
    providers = new HttpsProviders(bed);
    GatedBackends g = new GatedBackends();
    Path config = bed.writeConfig("bound.yaml", bed.config(bed.trusted));
    ProviderServer s = providers.start(config, b -> b.wrapBackends(g));
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      keys.add("[bound-" + i + "]" + bed.pinned(bed.signedDigest)); // 20 distinct verdicts
    }
    ExecutorService one = Executors.newSingleThreadExecutor();
    try {
      g.hold(Integer.MAX_VALUE);
      Future<Answer> f = one.submit(() -> providers.verify(s, keys));
      g.awaitHeld(8);
      // a ninth key would get here while the eight are held; give it every chance to
      Thread.sleep(300);
      assertEquals(8, g.held.get(), "keys verified at once");
      g.open();
      Answer a = f.get(60, TimeUnit.SECONDS);
      assertEquals(20, a.items().size());
      for (int i = 0; i < 20; i++) {
        assertTrue(a.item(i).get("value").get("isSuccess").asBoolean(), a.item(i)::toString);
      }
      assertEquals(20, g.validations.get());
      assertEquals(8, g.maxRunning.get(), "most validations running at once");
    } finally {
      g.open();
      one.shutdownNow();
    }
  }

  @Test
  void systemErrorsAreCountedByReason() throws Exception {
    providers = new HttpsProviders(bed);
    ProviderServer s =
        providers.start(bed.writeConfig("errors.yaml", bed.config(bed.trusted)), b -> {});
    String total = "ratify_system_error_count_total";
    assertEquals(0, providers.metric(s, total));
    URI verify = URI.create(HttpsProviders.base(s) + "/ratify/gatekeeper/v1/verify");
    assertEquals(
        400, Testbed.post(providers.client, verify, "{\"request\":", "application/json").status());
    assertEquals(1, providers.metric(s, total + "{reason=\"malformed\"}"));
    assertEquals(
        415,
        Testbed.post(providers.client, verify, Testbed.providerRequest(List.of("a")), "text/plain")
            .status());
    assertEquals(1, providers.metric(s, total + "{reason=\"content_type\"}"));
    assertEquals(2, providers.metric(s, total));
    // an answered request is not a system error
    providers.verify(s, List.of(bed.pinned(bed.unsignedDigest)));
    assertEquals(2, providers.metric(s, total));

    // no valid configuration: every request is a system error until one is loaded
    Path invalid = bed.writeConfig("errors-invalid.yaml", "kind: Nonsense\n");
    ProviderServer unready = providers.start(invalid, b -> {});
    Answer a = providers.verify(unready, List.of(bed.ref("signed")));
    assertEquals(503, a.status());
    assertEquals(1, providers.metric(unready, total + "{reason=\"no_configuration\"}"));
  }

  /** Replaces {@code file} atomically, as a ConfigMap update does. */
  static void replace(Path file, String text) throws Exception {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
