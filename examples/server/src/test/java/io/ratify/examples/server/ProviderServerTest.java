package io.ratify.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.examples.server.Testbed.Answer;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The provider against a real registry, spoken to over real HTTP as Gatekeeper speaks: shapes,
 * namespaces, concurrency, deadlines, bounds, configuration reload, graceful shutdown.
 */
class ProviderServerTest {
  static Testbed bed;
  static Path trustedConfig;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void registry() throws Exception {
    bed = Testbed.get();
    trustedConfig = bed.writeConfig("trusted.yaml", bed.config(bed.trusted));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  ProviderServer start(Path config, Consumer<ProviderServer.Builder> tweak) throws Exception {
    ProviderServer s = startOnLoopback(config, tweak);
    open.add(0, s);
    return s;
  }

  /** A started provider on free loopback ports, polling its files every 100 ms. */
  static ProviderServer startOnLoopback(Path config, Consumer<ProviderServer.Builder> tweak)
      throws Exception {
    ProviderServer.Builder b =
        ProviderServer.builder()
            .config(config)
            .address("127.0.0.1:0")
            .healthAddress("127.0.0.1:0")
            .reloadInterval(Duration.ofMillis(100))
            .shutdownTimeout(Duration.ofSeconds(5));
    tweak.accept(b);
    return b.build().start();
  }

  static String base(ProviderServer s) {
    return "http://127.0.0.1:" + s.port();
  }

  static final HttpClient HTTP = Testbed.client(null);

  @Test
  void verifyAnswersAsGatekeeperReadsItOnV1AndV2() throws Exception {
    ProviderServer s = start(trustedConfig, b -> {});
    List<String> keys =
        List.of(
            bed.ref("signed"),
            bed.ref("unsigned"),
            "[team-a]" + bed.pinned(bed.signedDigest),
            "not a reference!",
            "[ns]" + bed.ref("signed") + "\r\n",
            bed.ref("missing-tag"));
    for (String version : List.of("v1", "v2")) {
      Answer a = Testbed.verify(HTTP, base(s), version, keys);
      assertEquals(200, a.status(), a.body()::toString);
      assertEquals(
          version.equals("v1")
              ? "externaldata.gatekeeper.sh/v1alpha1"
              : "externaldata.gatekeeper.sh/v1beta1",
          a.body().get("apiVersion").asText());
      assertEquals("ProviderResponse", a.body().get("kind").asText());
      JsonNode response = a.body().get("response");
      assertFalse(response.has("idempotent"), "a verify response has no idempotent key");
      assertFalse(response.has("systemError"));
      assertEquals(keys.size(), a.items().size());
      // in request order, keys echoed with their [namespace] prefix and CR/LF removed
      assertEquals(keys.get(0), a.item(0).get("key").asText());
      assertEquals("[team-a]" + bed.pinned(bed.signedDigest), a.item(2).get("key").asText());
      assertEquals("[ns]" + bed.ref("signed"), a.item(4).get("key").asText());

      JsonNode signed = a.item(0).get("value");
      assertTrue(signed.get("isSuccess").asBoolean(), signed::toString);
      assertEquals("0.2.0", signed.get("version").asText());
      assertEquals(
          bed.pinned(bed.signedDigest),
          signed.get("verifierReports").get(0).get("subject").asText());
      assertEquals(
          "verifier-notary-inline",
          signed.get("verifierReports").get(0).get("verifierName").asText());
      assertFalse(a.item(0).has("error"));

      JsonNode unsigned = a.item(1).get("value");
      assertFalse(unsigned.get("isSuccess").asBoolean(), unsigned::toString);
      assertFalse(a.item(1).has("error"));

      assertTrue(a.item(2).get("value").get("isSuccess").asBoolean());
      assertTrue(a.item(4).get("value").get("isSuccess").asBoolean());

      assertFalse(a.item(3).has("value"));
      assertTrue(
          a.item(3).get("error").asText().startsWith("REFERENCE_INVALID"), a.item(3)::toString);
      assertFalse(a.item(5).has("value"), a.item(5)::toString);
      assertFalse(a.item(5).get("error").asText().isEmpty());
    }
  }

  @Test
  void keysAreRoutedByNamespaceThroughTheConfiguredExecutors() throws Exception {
    // the cluster trusts the signer; namespace team-strict has its own verifier trusting nobody
    String strict =
        bed.config(bed.trusted)
            + """
            ---
            apiVersion: config.ratify.deislabs.io/v1beta1
            kind: NamespacedVerifier
            metadata: {name: strict-verifier, namespace: team-strict}
            spec:
              name: notation
              artifactTypes: application/vnd.cncf.notary.signature
              parameters:
                verificationCertStores: {certs: [certstore-inline]}
                trustPolicyDoc:
                  version: "1.0"
                  trustPolicies:
                    - name: strict
                      registryScopes: ["*"]
                      signatureVerification: {level: strict}
                      trustStores: ["ca:certs"]
                      trustedIdentities: ["x509.subject: C=US, ST=WA, O=Nobody, CN=nobody"]
            """;
    ProviderServer s = start(bed.writeConfig("namespaced.yaml", strict), b -> {});
    List<String> keys =
        List.of(
            "[team-strict]" + bed.ref("signed"),
            "[team-a]" + bed.ref("signed"),
            bed.ref("signed"),
            "[team-strict]" + bed.ref("signed"));
    for (int round = 0; round < 2; round++) { // the second round is served from the caches
      Answer a = Testbed.verify(HTTP, base(s), "v1", keys);
      assertFalse(a.item(0).get("value").get("isSuccess").asBoolean(), a.item(0)::toString);
      assertEquals(
          "strict-verifier",
          a.item(0).get("value").get("verifierReports").get(0).get("verifierName").asText());
      assertTrue(a.item(1).get("value").get("isSuccess").asBoolean(), a.item(1)::toString);
      assertTrue(a.item(2).get("value").get("isSuccess").asBoolean(), a.item(2)::toString);
      assertFalse(a.item(3).get("value").get("isSuccess").asBoolean(), a.item(3)::toString);
    }
  }

  @Test
  void mutateResolvesTagsToNormalisedDigestsAndLeavesDigestsAlone() throws Exception {
    ProviderServer s = start(trustedConfig, b -> {});
    String digestKey = "[team-a]" + bed.pinned(bed.unsignedDigest);
    List<String> keys = List.of("[team-a]" + bed.ref("signed"), digestKey, bed.ref("missing"));
    for (String version : List.of("v1", "v2")) {
      Answer a = Testbed.mutate(HTTP, base(s), version, keys);
      assertEquals(200, a.status());
      assertTrue(a.body().get("response").get("idempotent").asBoolean());
      assertEquals("[team-a]" + bed.ref("signed"), a.item(0).get("key").asText());
      assertEquals(bed.pinned(bed.signedDigest), a.item(0).get("value").asText());
      assertFalse(a.item(0).has("error"));
      assertEquals(digestKey, a.item(1).get("value").asText());
      // an error keeps the key as value, so Gatekeeper leaves the image unchanged
      assertEquals(bed.ref("missing"), a.item(2).get("value").asText());
      assertTrue(a.item(2).has("error"));
    }
    // the mutation disabled: a well-formed systemError
    ProviderServer off = start(trustedConfig, b -> b.disableMutation(true));
    Answer a = Testbed.mutate(HTTP, base(off), "v1", keys);
    assertEquals(404, a.status());
    assertTrue(a.body().get("response").get("systemError").asText().startsWith("UNSUPPORTED"));
  }

  @Test
  void sixtyFourClientsWithTenKeysEachAreAllAnsweredCorrectly() throws Exception {
    // cache off: every key goes to the registry and the verifier, 640 verifications
    ProviderServer s =
        start(trustedConfig, b -> b.cacheTtl(Duration.ZERO).verifyTimeout(Duration.ofSeconds(60)));
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      keys.add("[ns-" + i + "]" + bed.ref("signed"));
      keys.add(bed.pinned(bed.unsignedDigest));
    }
    ExecutorService clients = Executors.newFixedThreadPool(64);
    try {
      List<Future<Answer>> answers = new ArrayList<>();
      for (int c = 0; c < 64; c++) {
        answers.add(clients.submit(() -> Testbed.verify(HTTP, base(s), "v1", keys)));
      }
      for (Future<Answer> f : answers) {
        Answer a = f.get();
        assertEquals(200, a.status());
        assertEquals(10, a.items().size());
        for (int i = 0; i < 10; i++) {
          JsonNode item = a.item(i);
          assertEquals(keys.get(i), item.get("key").asText());
          assertFalse(item.has("error"), item::toString);
          assertEquals(i % 2 == 0, item.get("value").get("isSuccess").asBoolean(), item::toString);
        }
      }
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void aStallingRegistryGivesTimeoutItemsInsideTheDeadline() throws Exception {
    try (ServerSocket stall = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                while (!stall.isClosed()) {
                  try {
                    accepted.add(stall.accept()); // accept, then never answer
                  } catch (Exception e) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      ProviderServer s = start(trustedConfig, b -> b.verifyTimeout(Duration.ofSeconds(1)));
      String stalled = "127.0.0.1:" + stall.getLocalPort() + "/demo/app";
      List<String> keys =
          List.of(stalled + ":v1", stalled + "@" + bed.signedDigest, bed.ref("signed"));
      Answer a = Testbed.verify(HTTP, base(s), "v1", keys);
      assertEquals(200, a.status(), a.body()::toString);
      assertTrue(a.millis() < 1900, "answered after " + a.millis() + " ms");
      for (int i = 0; i < 2; i++) {
        JsonNode item = a.item(i);
        assertEquals(keys.get(i), item.get("key").asText());
        String failure =
            item.has("error")
                ? item.get("error").asText()
                : item.get("value").get("verifierReports").toString();
        assertTrue(
            failure.contains("TIMEOUT") || failure.contains("did not finish"), item::toString);
        if (item.has("value")) {
          assertFalse(item.get("value").get("isSuccess").asBoolean());
        }
      }
      assertTrue(a.item(2).get("value").get("isSuccess").asBoolean(), a.item(2)::toString);
      // a timed-out verdict is not cached: the next answer is not a cache hit that says success
      String metrics =
          Testbed.get(HTTP, URI.create("http://127.0.0.1:" + s.metricsPort() + "/metrics"));
      assertTrue(
          metrics.contains("ratify_request_item_count_total{kind=\"verify\",outcome=\"timeout\"}"),
          metrics);
      for (Socket so : accepted) {
        so.close();
      }
    }
  }

  @Test
  void badRequestsGetWellFormedSystemErrors() throws Exception {
    ProviderServer s = start(trustedConfig, b -> {});
    URI v1 = URI.create(base(s) + "/ratify/gatekeeper/v1/verify");
    record Case(String body, String type, int status) {}
    List<Case> cases =
        List.of(
            new Case("{\"request\":{\"keys\":[", "application/json", 400),
            new Case("not json at all", "application/json", 400),
            new Case("{\"request\":{\"keys\":[1,2]}}", "application/json", 400),
            new Case("{\"request\":{}}", "application/json", 400),
            new Case("[]", "application/json", 400),
            new Case(Testbed.providerRequest(List.of("a")), "text/plain", 415),
            new Case(
                "{\"request\":{\"keys\":[\"" + "x".repeat(10 << 20) + "\"]}}",
                "application/json",
                413));
    for (Case c : cases) {
      Answer a = Testbed.post(HTTP, v1, c.body(), c.type());
      assertEquals(c.status(), a.status(), a.body()::toString);
      assertEquals("ProviderResponse", a.body().get("kind").asText());
      String err = a.body().get("response").get("systemError").asText();
      assertTrue(err.startsWith("BAD_REQUEST: "), err);
      assertFalse(a.body().get("response").has("items"));
      assertFalse(err.contains("Exception"), err);
    }
    // too many keys
    Answer many = Testbed.verify(HTTP, base(s), "v1", Testbed.repeat(List.of("a"), 1001));
    assertEquals(400, many.status());
    assertTrue(many.body().get("response").get("systemError").asText().contains("1000 keys"));
    // the server still serves
    Answer ok = Testbed.verify(HTTP, base(s), "v1", List.of(bed.ref("signed")));
    assertTrue(ok.item(0).get("value").get("isSuccess").asBoolean());
  }

  @Test
  void anOversizedBodyAlwaysGetsItsAnswer() throws Exception {
    // the server answers before the client has sent it all: unless the server reads the rest, the
    // client's write can fail before it reads the 413 (seen once in a clean-clone CI run)
    ProviderServer s = start(trustedConfig, b -> {});
    URI v1 = URI.create(base(s) + "/ratify/gatekeeper/v1/verify");
    String body = "{\"request\":{\"keys\":[\"" + "x".repeat(12 << 20) + "\"]}}";
    for (int i = 0; i < 5; i++) {
      Answer a = Testbed.post(HTTP, v1, body, "application/json");
      assertEquals(413, a.status(), a.body()::toString);
      assertTrue(
          a.body().get("response").get("systemError").asText().startsWith("BAD_REQUEST: "),
          a.body()::toString);
    }
    // chunked, so refused only once read past the limit
    byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(v1)
                  .timeout(Duration.ofSeconds(60))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofInputStream(
                          () -> new ByteArrayInputStream(bytes)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(413, r.statusCode(), r::body);
      assertTrue(r.body().contains("BAD_REQUEST: "), r::body);
    }
  }

  @Test
  void configurationChangesGiveNewVerdictsAndAnInvalidOneKeepsTheOldExecutor() throws Exception {
    // a ConfigMap-like mount: files are symlinks into a ..data directory swapped atomically
    Path mount = Files.createTempDirectory(bed.dir, "configmap");
    swapConfigMap(mount, "v1", bed.config(bed.trusted));
    ProviderServer s = start(mount, b -> {});
    String health = "http://127.0.0.1:" + s.healthPort();
    assertTrue(Testbed.get(HTTP, URI.create(health + "/readyz")).startsWith("200"));
    assertTrue(
        Testbed.verify(HTTP, base(s), "v1", List.of(bed.ref("signed")))
            .item(0)
            .get("value")
            .get("isSuccess")
            .asBoolean());

    // trust another CA: the cached allowed verdict must not survive the change
    swapConfigMap(mount, "v2", bed.config(bed.untrusted));
    assertTrue(
        eventually(
            () ->
                !Testbed.verify(HTTP, base(s), "v1", List.of(bed.ref("signed")))
                    .item(0)
                    .get("value")
                    .get("isSuccess")
                    .asBoolean()),
        "the new configuration never took effect");

    // an invalid configuration: logged, counted, shown; the previous executor keeps serving
    swapConfigMap(
        mount,
        "v3",
        "apiVersion: config.ratify.deislabs.io/v1beta1\nkind: Verifier\nmetadata: {name: x}\nspec: {name: no-such-type, artifactTypes: application/vnd.cncf.notary.signature}\n");
    assertTrue(
        eventually(() -> Testbed.get(HTTP, URI.create(health + "/readyz")).contains("rejected")),
        "the rejection never showed in /readyz");
    String ready = Testbed.get(HTTP, URI.create(health + "/readyz"));
    assertTrue(ready.startsWith("200"), ready);
    assertTrue(ready.contains("keeps serving"), ready);
    String metrics = Testbed.get(HTTP, URI.create(health + "/metrics"));
    assertEquals(0, Testbed.metric(metrics, "ratify_config_valid "), metrics);
    assertTrue(
        Testbed.metric(metrics, "ratify_config_reload_count_total{result=\"failure\"}") >= 1);
    Answer a = Testbed.verify(HTTP, base(s), "v1", List.of(bed.ref("signed"), bed.ref("unsigned")));
    assertFalse(
        a.item(0).get("value").get("isSuccess").asBoolean(), "still the untrusting configuration");
    assertFalse(a.item(0).has("error"));

    // back to the trusted one
    swapConfigMap(mount, "v4", bed.config(bed.trusted));
    assertTrue(
        eventually(
            () ->
                Testbed.verify(HTTP, base(s), "v1", List.of(bed.ref("signed")))
                    .item(0)
                    .get("value")
                    .get("isSuccess")
                    .asBoolean()));
  }

  @Test
  void notReadyWithoutAValidConfigurationThenReadyOnceOneIsWritten() throws Exception {
    Path config = bed.dir.resolve("late.yaml");
    Files.writeString(config, "kind: Nonsense\n");
    ProviderServer s = start(config, b -> {});
    String health = "http://127.0.0.1:" + s.healthPort();
    assertTrue(Testbed.get(HTTP, URI.create(health + "/healthz")).startsWith("200"));
    assertTrue(Testbed.get(HTTP, URI.create(health + "/readyz")).startsWith("503"));
    Answer a = Testbed.verify(HTTP, base(s), "v1", List.of(bed.ref("signed")));
    assertEquals(503, a.status());
    assertTrue(a.body().get("response").get("systemError").asText().startsWith("CONFIG_INVALID"));
    Path tmp = bed.dir.resolve("late.tmp");
    Files.writeString(tmp, bed.config(bed.trusted));
    Files.move(tmp, config, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    assertTrue(
        eventually(() -> Testbed.get(HTTP, URI.create(health + "/readyz")).startsWith("200")));
    assertTrue(
        Testbed.verify(HTTP, base(s), "v1", List.of(bed.ref("signed")))
            .item(0)
            .get("value")
            .get("isSuccess")
            .asBoolean());
  }

  @Test
  void metricsUseRatifyNames() throws Exception {
    ProviderServer s = start(trustedConfig, b -> b.metricsAddress("127.0.0.1:0"));
    Testbed.verify(HTTP, base(s), "v1", List.of(bed.ref("signed"), bed.ref("signed")));
    Testbed.verify(HTTP, base(s), "v1", List.of(bed.ref("signed")));
    Testbed.mutate(HTTP, base(s), "v1", List.of(bed.ref("signed")));
    String m = Testbed.get(HTTP, URI.create("http://127.0.0.1:" + s.metricsPort() + "/metrics"));
    for (String name :
        List.of(
            "ratify_verification_request_bucket",
            "ratify_mutation_request_bucket",
            "ratify_verifier_duration_bucket{result=\"success\",verifier=\"verifier-notary-inline\"",
            "ratify_registry_request_count_total{operation=\"resolve\"",
            "ratify_cache_count_total{cache=\"result\",result=\"hit\"}",
            "ratify_verifier_result_count_total{result=\"success\",verifier=\"verifier-notary-inline\"}")) {
      assertTrue(m.contains(name), name + " missing in\n" + m);
    }
    assertTrue(Testbed.metric(m, "ratify_cache_count_total{cache=\"result\",result=\"hit\"}") >= 1);
  }

  @Test
  void closeLetsAnInFlightRequestFinish() throws Exception {
    try (ServerSocket stall = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      ProviderServer s = start(trustedConfig, b -> b.verifyTimeout(Duration.ofMillis(1500)));
      String stalled = "127.0.0.1:" + stall.getLocalPort() + "/demo/app:v1";
      ExecutorService one = Executors.newSingleThreadExecutor();
      try {
        Future<Answer> f = one.submit(() -> Testbed.verify(HTTP, base(s), "v1", List.of(stalled)));
        Thread.sleep(400);
        s.close();
        Answer a = f.get();
        assertEquals(200, a.status());
        assertEquals(stalled, a.item(0).get("key").asText());
        assertTrue(a.item(0).get("error").asText().startsWith("TIMEOUT"), a.item(0)::toString);
        assertThrows(Exception.class, () -> Testbed.verify(HTTP, base(s), "v1", List.of(stalled)));
      } finally {
        one.shutdownNow();
      }
    }
  }

  @Test
  void optionsAreValidatedOnBuild() {
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () ->
                ProviderServer.builder()
                    .address("nope")
                    .verifyTimeout(Duration.ZERO)
                    .tls(Path.of("cert.pem"), null)
                    .sharedCache(URI.create("redis://127.0.0.1:6379"), new byte[3])
                    .build());
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    for (String option : List.of("config", "address", "verifyTimeout", "tls", "HMAC key")) {
      assertTrue(e.getMessage().contains(option), option + " not named in " + e.getMessage());
    }
  }

  interface Check {
    boolean ok() throws Exception;
  }

  static boolean eventually(Check c) throws Exception {
    return eventually(c, Duration.ofSeconds(10));
  }

  /** Polls {@code c} until it holds or {@code bound} has passed (a bound, not an expectation). */
  static boolean eventually(Check c, Duration bound) throws Exception {
    long until = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < until) {
      if (c.ok()) {
        return true;
      }
      Thread.sleep(100);
    }
    return c.ok();
  }

  /** Writes a new ConfigMap revision and swaps the {@code ..data} symlink, as the kubelet does. */
  static void swapConfigMap(Path mount, String revision, String yaml) throws Exception {
    Path rev = Files.createDirectory(mount.resolve("..rev-" + revision));
    Files.writeString(rev.resolve("verify-config.yaml"), yaml);
    Path tmp = mount.resolve("..data_tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, rev.getFileName());
    Files.move(
        tmp,
        mount.resolve("..data"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    Path link = mount.resolve("verify-config.yaml");
    if (!Files.isSymbolicLink(link)) {
      Files.createSymbolicLink(link, Path.of("..data/verify-config.yaml"));
    }
  }
}
