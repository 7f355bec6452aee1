package io.ratify.oras.internal.registry;

import static io.ratify.oras.internal.registry.FaultServer.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.Manifest;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.Store;
import io.ratify.oras.internal.auth.Credential;
import io.ratify.oras.internal.auth.StaticCredentials;
import io.ratify.oras.testing.TestArtifacts;
import io.ratify.oras.testing.TestArtifacts.Content;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * How the {@code oras} store meets a misbehaving registry: every fault is a typed error, never an
 * empty result.
 */
class RegistryFaultsTest {
  static final Content MANIFEST =
      TestArtifacts.image(TestArtifacts.raw(MediaTypes.OCI_IMAGE_CONFIG, "{}"), List.of());
  static final byte[] BLOB = "the real blob content".getBytes(StandardCharsets.UTF_8);
  static FaultServer server;
  static FaultServer storage;

  @BeforeAll
  static void start() throws IOException {
    server = new FaultServer();
    storage = new FaultServer();
  }

  @AfterAll
  static void stop() {
    server.close();
    storage.close();
  }

  @BeforeEach
  void reset() {
    server.reset();
    storage.reset();
  }

  static Store store(int retries) throws RatifyException {
    return new RegistryStoreImpl(
        RegistrySettings.builder()
            .plainHttp(true)
            .maxRetries(retries)
            .readTimeout(Duration.ofSeconds(10))
            .build());
  }

  static Reference ref(String tail) throws RatifyException {
    return Reference.parse(server.host() + "/demo/app" + tail);
  }

  static Descriptor blob() {
    return Descriptor.of(MediaTypes.COSE_ENVELOPE, Digest.sha256(BLOB), BLOB.length);
  }

  static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(20));
  }

  static void manifestOk(com.sun.net.httpserver.HttpExchange x) throws IOException {
    x.getResponseHeaders().set("Docker-Content-Digest", MANIFEST.digest());
    send(x, 200, MediaTypes.OCI_MANIFEST, MANIFEST.bytes());
  }

  static ErrorCode code(Executable e) {
    return assertThrows(RatifyException.class, e).code();
  }

  @Test
  void throttledOnceThenServedRespectsRetryAfter() throws Exception {
    server.on(
        (x, n) -> {
          if (n == 1) {
            x.getResponseHeaders().set("Retry-After", "1");
            send(x, 429, "text/plain", "slow down");
          } else {
            manifestOk(x);
          }
        });
    assertEquals(MANIFEST.digest(), store(3).resolve(ref(":v1"), deadline()).digest().toString());
    assertEquals(2, server.requests().size());
  }

  @Test
  void throttledBeyondRetriesIsThrottledNotEmpty() throws Exception {
    server.on(
        (x, n) -> {
          x.getResponseHeaders().set("Retry-After", "0");
          send(x, 429, "text/plain", "slow down");
        });
    assertEquals(ErrorCode.THROTTLED, code(() -> store(2).resolve(ref(":v1"), deadline())));
    assertEquals(3, server.requests().size());
    assertEquals(
        ErrorCode.THROTTLED,
        code(
            () ->
                store(0)
                    .listReferrers(
                        ref("@" + MANIFEST.digest()), Set.of(), Optional.empty(), deadline())));
  }

  @Test
  void retryAfterBeyondTheDeadlineFailsAtOnce() throws Exception {
    server.on(
        (x, n) -> {
          x.getResponseHeaders().set("Retry-After", "30");
          send(x, 429, "text/plain", "later");
        });
    assertEquals(
        ErrorCode.THROTTLED,
        code(() -> store(3).resolve(ref(":v1"), Deadline.after(Duration.ofSeconds(5)))));
    assertEquals(1, server.requests().size());
  }

  @Test
  void unavailableIsRetriedThenUnreachable() throws Exception {
    server.on((x, n) -> send(x, 503, "text/plain", "down"));
    assertEquals(
        ErrorCode.REGISTRY_UNREACHABLE, code(() -> store(1).resolve(ref(":v1"), deadline())));
    assertEquals(2, server.requests().size());
  }

  @Test
  void internalErrorIsNotRetried() throws Exception {
    server.on((x, n) -> send(x, 500, "text/plain", "boom"));
    assertEquals(
        ErrorCode.REGISTRY_UNREACHABLE,
        code(() -> store(3).fetchBlob(ref(""), blob(), deadline())));
    assertEquals(1, server.requests().size());
    // A failed listing is an error, never "no referrers".
    assertEquals(
        ErrorCode.REGISTRY_UNREACHABLE,
        code(
            () ->
                store(0)
                    .listReferrers(
                        ref("@" + MANIFEST.digest()), Set.of(), Optional.empty(), deadline())));
  }

  @Test
  void statusCodesMapToStableErrors() throws Exception {
    server.on(
        (x, n) -> send(x, 404, "application/json", "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}"));
    RatifyException nf =
        assertThrows(RatifyException.class, () -> store(0).fetchBlob(ref(""), blob(), deadline()));
    assertEquals(ErrorCode.RESOURCE_NOT_FOUND, nf.code());
    assertTrue(nf.getMessage().contains("BLOB_UNKNOWN"), nf.getMessage());
    server.on((x, n) -> send(x, 403, "text/plain", "no"));
    assertEquals(
        ErrorCode.AUTH_DENIED, code(() -> store(0).fetchBlob(ref(""), blob(), deadline())));
    server.on((x, n) -> send(x, 401, "text/plain", "no challenge at all"));
    assertEquals(
        ErrorCode.AUTH_DENIED, code(() -> store(0).fetchBlob(ref(""), blob(), deadline())));
    server.on(
        (x, n) -> {
          x.getResponseHeaders()
              .set("WWW-Authenticate", "Bearer realm=\"ftp://elsewhere/token\",service=\"s\"");
          send(x, 401, "text/plain", "");
        });
    assertEquals(
        ErrorCode.AUTH_DENIED, code(() -> store(0).fetchBlob(ref(""), blob(), deadline())));
  }

  @Test
  void slowBodyHitsTheDeadline() throws Exception {
    server.on(
        (x, n) -> {
          x.sendResponseHeaders(200, BLOB.length);
          x.getResponseBody().write(BLOB, 0, 3);
          x.getResponseBody().flush();
          try {
            Thread.sleep(15_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    assertEquals(
        ErrorCode.TIMEOUT,
        code(() -> store(0).fetchBlob(ref(""), blob(), Deadline.after(Duration.ofMillis(800)))));
    Store shortRead =
        new RegistryStoreImpl(
            RegistrySettings.builder()
                .plainHttp(true)
                .maxRetries(0)
                .readTimeout(Duration.ofMillis(500))
                .build());
    assertEquals(ErrorCode.TIMEOUT, code(() -> shortRead.fetchBlob(ref(""), blob(), deadline())));
  }

  @Test
  void expiredDeadlineSendsNothing() throws Exception {
    server.on((x, n) -> manifestOk(x));
    assertEquals(
        ErrorCode.TIMEOUT, code(() -> store(0).resolve(ref(":v1"), Deadline.after(Duration.ZERO))));
    assertEquals(0, server.requests().size());
  }

  @Test
  void truncatedBodyIsAnErrorAfterRetries() throws Exception {
    server.on(
        (x, n) -> {
          x.sendResponseHeaders(200, BLOB.length);
          x.getResponseBody().write(BLOB, 0, BLOB.length / 2);
          x.getResponseBody().flush();
          // Closing a fixed-length exchange early makes the server drop the connection.
        });
    assertEquals(
        ErrorCode.REGISTRY_UNREACHABLE,
        code(() -> store(1).fetchBlob(ref(""), blob(), deadline())));
    assertEquals(2, server.requests().size());
  }

  @Test
  void wrongContentIsDigestMismatch() throws Exception {
    byte[] other = BLOB.clone();
    other[0] ^= 1;
    server.on((x, n) -> send(x, 200, "application/octet-stream", other));
    assertEquals(
        ErrorCode.DIGEST_MISMATCH, code(() -> store(0).fetchBlob(ref(""), blob(), deadline())));
    server.on((x, n) -> send(x, 200, "application/octet-stream", new byte[3]));
    assertEquals(
        ErrorCode.DIGEST_MISMATCH, code(() -> store(0).fetchBlob(ref(""), blob(), deadline())));
    // A manifest answered for a digest it does not hash to.
    Descriptor claimed =
        Descriptor.of(
            MediaTypes.OCI_MANIFEST,
            Digest.sha256("other".getBytes(StandardCharsets.UTF_8)),
            MANIFEST.bytes().length);
    server.on((x, n) -> manifestOk(x));
    assertEquals(
        ErrorCode.DIGEST_MISMATCH,
        code(() -> store(0).fetchManifest(ref(""), claimed, deadline())));
    assertEquals(
        ErrorCode.DIGEST_MISMATCH,
        code(() -> store(0).resolve(ref("@" + claimed.digest()), deadline())));
  }

  @Test
  void oversizedBodiesAreCutOff() throws Exception {
    server.on((x, n) -> send(x, 200, "application/octet-stream", new byte[10 << 20]));
    assertEquals(
        ErrorCode.SIZE_LIMIT_EXCEEDED, code(() -> store(0).fetchBlob(ref(""), blob(), deadline())));
    server.on(
        (x, n) -> {
          x.sendResponseHeaders(200, 0); // chunked: no declared length
          for (int i = 0; i < 1024; i++) {
            x.getResponseBody().write(new byte[1024]);
          }
        });
    assertEquals(
        ErrorCode.SIZE_LIMIT_EXCEEDED, code(() -> store(0).fetchBlob(ref(""), blob(), deadline())));
    int before = server.requests().size();
    Store small =
        new RegistryStoreImpl(
            RegistrySettings.builder()
                .plainHttp(true)
                .maxBlobBytes(8)
                .maxManifestBytes(64)
                .build());
    assertEquals(
        ErrorCode.SIZE_LIMIT_EXCEEDED, code(() -> small.fetchBlob(ref(""), blob(), deadline())));
    assertEquals(
        before,
        server.requests().size(),
        "a descriptor beyond the bound is refused without a request");
    // Resolve without a digest header falls back to GET, which is bounded too.
    server.on((x, n) -> send(x, 200, MediaTypes.OCI_MANIFEST, new byte[4096]));
    assertEquals(ErrorCode.SIZE_LIMIT_EXCEEDED, code(() -> small.resolve(ref(":v1"), deadline())));
  }

  @Test
  void resolveWithoutDigestHeaderHashesTheManifest() throws Exception {
    server.on((x, n) -> send(x, 200, MediaTypes.OCI_MANIFEST, MANIFEST.bytes()));
    Store s = store(0);
    Descriptor d = s.resolve(ref(":v1"), deadline());
    assertEquals(MANIFEST.digest(), d.digest().toString());
    assertEquals(
        List.of("HEAD /v2/demo/app/manifests/v1", "GET /v2/demo/app/manifests/v1"),
        server.requests());
    s.fetchManifest(ref(""), d, deadline());
    assertEquals(2, server.requests().size(), "the manifest read while resolving is reused");
  }

  @Test
  void aManifestReadTwiceIsParsedOnceAndCarriesTheDescriptorItWasAskedFor() throws Exception {
    server.on((x, n) -> send(x, 200, MediaTypes.OCI_MANIFEST, MANIFEST.bytes()));
    Store s = store(0);
    Descriptor d = s.resolve(ref(":v1"), deadline());
    Manifest first = s.fetchManifest(ref(""), d, deadline());
    int requests = server.requests().size();
    assertSame(first, s.fetchManifest(ref(""), d, deadline()), "parsed once, then shared");
    Descriptor annotated =
        new Descriptor(
            d.mediaType(),
            d.digest(),
            d.size(),
            d.artifactType(),
            Map.of("note", "another listing of the same content"));
    Manifest again = s.fetchManifest(ref(""), annotated, deadline());
    assertEquals(requests, server.requests().size(), "the second read comes from the cache");
    assertEquals(annotated, again.descriptor());
    assertEquals(first.layers(), again.layers());
    assertArrayEquals(first.bytes(), again.bytes());
    Descriptor otherSize =
        new Descriptor(d.mediaType(), d.digest(), d.size() + 1, d.artifactType(), Map.of());
    assertEquals(
        ErrorCode.DIGEST_MISMATCH,
        code(() -> s.fetchManifest(ref(""), otherSize, deadline())),
        "a descriptor that disagrees with the cached content is checked against the registry");
  }

  @Test
  void blobRedirectToAnotherHostDoesNotCarryCredentials() throws Exception {
    String basic =
        "Basic "
            + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
    server.on(
        (x, n) -> {
          if (!basic.equals(x.getRequestHeaders().getFirst("Authorization"))) {
            x.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"r\"");
            send(x, 401, "text/plain", "");
            return;
          }
          x.getResponseHeaders()
              .set("Location", "http://" + storage.host() + "/storage/blob?signature=abc");
          send(x, 307, null, new byte[0]);
        });
    storage.on((x, n) -> send(x, 200, "application/octet-stream", BLOB));
    Store s =
        new RegistryStoreImpl(
            RegistrySettings.builder()
                .plainHttp(true)
                .credentials(
                    new StaticCredentials(Map.of(server.host(), new Credential("alice", "s3cret"))))
                .build());
    assertArrayEquals(BLOB, s.fetchBlob(ref(""), blob(), deadline()));
    assertEquals(List.of("", basic), server.authorizations());
    assertEquals(List.of("GET /storage/blob"), storage.requests());
    assertEquals(
        List.of(""),
        storage.authorizations(),
        "no Authorization header may reach the storage host");
  }

  @Test
  void challengeFromARedirectTargetNeverSendsCredentialsToItsRealm() throws Exception {
    String basic =
        "Basic "
            + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
    try (FaultServer realm = new FaultServer()) {
      realm.on((x, n) -> send(x, 200, "application/json", "{\"token\":\"t0k3n\"}"));
      server.on(
          (x, n) -> {
            if (!basic.equals(x.getRequestHeaders().getFirst("Authorization"))) {
              x.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"r\"");
              send(x, 401, "text/plain", "");
              return;
            }
            if (x.getRequestURI().getPath().contains("/manifests/")) {
              manifestOk(x);
              return;
            }
            x.getResponseHeaders().set("Location", "http://" + storage.host() + "/storage/blob");
            send(x, 307, null, new byte[0]);
          });
      // The storage host (not the registry) challenges with a token realm of its choosing.
      storage.on(
          (x, n) -> {
            x.getResponseHeaders()
                .set(
                    "WWW-Authenticate",
                    "Bearer realm=\"http://" + realm.host() + "/token\",service=\"evil\"");
            send(x, 401, "text/plain", "");
          });
      Store s =
          new RegistryStoreImpl(
              RegistrySettings.builder()
                  .plainHttp(true)
                  .credentials(
                      new StaticCredentials(
                          Map.of(server.host(), new Credential("alice", "s3cret"))))
                  .build());
      s.resolve(ref(":v1"), deadline()); // learns that the registry uses Basic
      assertEquals(ErrorCode.AUTH_DENIED, code(() -> s.fetchBlob(ref(""), blob(), deadline())));
      assertEquals(
          List.of(),
          realm.requests(),
          "a redirect target's challenge must not send the registry's credentials anywhere");
      // The registry's own scheme (Basic) is still the one used afterwards.
      server.reset();
      server.on((x, n) -> manifestOk(x));
      s.resolve(ref(":v2"), deadline());
      assertEquals(List.of(basic), server.authorizations());
      assertEquals(List.of(), realm.requests());
    }
  }

  @Test
  void aCallerJoiningAnotherFetchIsCheckedAgainstItsOwnDescriptor() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    server.on(
        (x, n) -> {
          entered.countDown();
          try {
            release.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          send(x, 200, "application/octet-stream", BLOB);
        });
    RegistryStoreImpl s = (RegistryStoreImpl) store(0);
    Descriptor wrongSize =
        Descriptor.of(MediaTypes.COSE_ENVELOPE, Digest.sha256(BLOB), BLOB.length + 1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<byte[]> leader = pool.submit(() -> s.fetchBlob(ref(""), blob(), deadline()));
      assertTrue(entered.await(20, TimeUnit.SECONDS));
      Future<byte[]> joiner = pool.submit(() -> s.fetchBlob(ref(""), wrongSize, deadline()));
      Deadline wait = deadline();
      while (s.coalescedWaiters() == 0 && !wait.isExpired()) {
        Thread.sleep(5);
      }
      assertEquals(1, s.coalescedWaiters(), "the second fetch joins the first");
      release.countDown();
      assertArrayEquals(BLOB, leader.get());
      ExecutionException e = assertThrows(ExecutionException.class, joiner::get);
      assertEquals(ErrorCode.DIGEST_MISMATCH, ((RatifyException) e.getCause()).code());
      assertEquals(1, server.requests().size());
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void redirectsAreBoundedAndSchemesChecked() throws Exception {
    server.on(
        (x, n) -> {
          x.getResponseHeaders().set("Location", "/v2/demo/app/blobs/again" + n);
          send(x, 302, null, new byte[0]);
        });
    assertEquals(
        ErrorCode.REGISTRY_UNREACHABLE,
        code(() -> store(0).fetchBlob(ref(""), blob(), deadline())));
    assertEquals(6, server.requests().size());
    server.on(
        (x, n) -> {
          x.getResponseHeaders().set("Location", "file:///etc/passwd");
          send(x, 302, null, new byte[0]);
        });
    assertEquals(
        ErrorCode.REGISTRY_UNREACHABLE,
        code(() -> store(0).fetchBlob(ref(""), blob(), deadline())));
  }

  @Test
  void unreachableRegistriesAreReportedAsSuch() throws Exception {
    FaultServer gone = new FaultServer();
    String host = gone.host();
    gone.close();
    Reference closed = Reference.parse(host + "/demo/app:v1");
    assertEquals(ErrorCode.REGISTRY_UNREACHABLE, code(() -> store(0).resolve(closed, deadline())));
    Reference unknown = Reference.parse("registry.invalid/demo/app:v1");
    assertEquals(ErrorCode.REGISTRY_UNREACHABLE, code(() -> store(0).resolve(unknown, deadline())));
  }

  @Test
  void fallbackTagIndexThatIsNoIndexIsAnError() throws Exception {
    server.on(
        (x, n) -> {
          if (x.getRequestURI().getPath().contains("/referrers/")) {
            send(x, 404, "text/plain", "404 page not found");
          } else {
            manifestOk(x);
          }
        });
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () ->
                store(0)
                    .listReferrers(
                        ref("@" + MANIFEST.digest()), Set.of(), Optional.empty(), deadline()));
    assertEquals(ErrorCode.LIST_REFERRERS_FAILURE, e.code());
  }

  @Test
  void fallbackTagThatNamesAnUntypedManifestIsAnError() throws Exception {
    String cfg = TestArtifacts.raw(MediaTypes.OCI_IMAGE_CONFIG, "{}").descriptor().toString();
    byte[] untyped =
        ("{\"schemaVersion\":2,\"config\":" + cfg + ",\"layers\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    server.on(
        (x, n) -> {
          if (x.getRequestURI().getPath().contains("/referrers/")) {
            send(x, 404, "text/plain", "404 page not found");
          } else {
            send(x, 200, null, untyped);
          }
        });
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () ->
                store(0)
                    .listReferrers(
                        ref("@" + MANIFEST.digest()), Set.of(), Optional.empty(), deadline()));
    assertEquals(ErrorCode.MANIFEST_INVALID, e.code());
  }

  @Test
  void fallbackOnAnUnknownRepositoryIsAnErrorNotAnEmptyList() throws Exception {
    server.on(
        (x, n) -> {
          if (x.getRequestURI().getPath().contains("/referrers/")) {
            send(x, 404, "text/plain", "404 page not found");
          } else {
            send(
                x,
                404,
                "application/json; charset=utf-8",
                "{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\"}]}");
          }
        });
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () ->
                store(0)
                    .listReferrers(
                        ref("@" + MANIFEST.digest()), Set.of(), Optional.empty(), deadline()));
    assertEquals(ErrorCode.RESOURCE_NOT_FOUND, e.code());
    assertTrue(
        server
            .requests()
            .contains(
                "GET /v2/demo/app/manifests/" + Digest.parse(MANIFEST.digest()).tagSchemaTag()),
        server.requests().toString());
  }

  @Test
  void fallbackWithAnUnknownTagHasNoReferrers() throws Exception {
    server.on(
        (x, n) -> {
          if (x.getRequestURI().getPath().contains("/referrers/")) {
            send(x, 404, "text/plain", "404 page not found");
          } else {
            send(
                x,
                404,
                "application/json; charset=utf-8",
                "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"manifest unknown\"}]}");
          }
        });
    assertEquals(
        List.of(),
        store(0)
            .listReferrers(ref("@" + MANIFEST.digest()), Set.of(), Optional.empty(), deadline())
            .referrers());
  }

  @Test
  void unknownRepositoryIsAnErrorOnTheReferrersApiPathToo() throws Exception {
    server.on(
        (x, n) -> send(x, 404, "application/json", "{\"errors\":[{\"code\":\"NAME_UNKNOWN\"}]}"));
    assertEquals(
        ErrorCode.RESOURCE_NOT_FOUND,
        code(
            () ->
                store(0)
                    .listReferrers(
                        ref("@" + MANIFEST.digest()), Set.of(), Optional.empty(), deadline())));
    assertEquals(1, server.requests().size(), "no tag-schema fallback for an unknown repository");
  }
}
