package io.ratify.oras.internal.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.ratify.api.testing.junit.SharedFolders;
import io.ratify.oras.OciLayoutStore;
import io.ratify.oras.testing.LocalRegistry;
import io.ratify.oras.testing.RegistryPusher;
import io.ratify.oras.testing.TestArtifacts;
import io.ratify.oras.testing.TestArtifacts.Content;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code oras} store against a real distribution 2.8.2 registry, which has no referrers API:
 * every listing here goes through the tag-schema fallback.
 */
class RegistryStoreRealRegistryTest {
  private static final String NOTATION_E2E_LAYOUTS =
      "notation/test/e2e/testdata/registry/oci_layout";

  static LocalRegistry registry;
  static Content image;
  static Content currentSig;
  static Content legacySig;
  static Content sbom;
  static Content coseEnvelope;
  static Content multi;
  static Content lonely;

  @BeforeAll
  static void seed() throws Exception {
    registry = LocalRegistry.start();
    RegistryPusher push = new RegistryPusher(registry, Optional.empty());
    String repo = "demo/app";
    Content config =
        TestArtifacts.raw(
            "application/vnd.oci.image.config.v1+json",
            "{\"architecture\":\"amd64\",\"os\":\"linux\"}");
    Content layer = TestArtifacts.raw(MediaTypes.OCI_LAYER_TAR_GZIP, "layer-bytes");
    push.pushBlob(repo, config.bytes());
    push.pushBlob(repo, layer.bytes());
    image = TestArtifacts.image(config, List.of(layer));
    push.pushManifest(repo, "v1", image.mediaType(), image.bytes());

    push.pushBlob(repo, TestArtifacts.EMPTY_JSON);
    coseEnvelope = TestArtifacts.raw(MediaTypes.COSE_ENVELOPE, "fake-cose-signature-bytes");
    Content jws = TestArtifacts.raw(MediaTypes.JWS_ENVELOPE, "{\"payload\":\"fake-jws\"}");
    Content spdx = TestArtifacts.raw("application/spdx+json", "{\"spdxVersion\":\"SPDX-2.3\"}");
    push.pushBlob(repo, coseEnvelope.bytes());
    push.pushBlob(repo, jws.bytes());
    push.pushBlob(repo, spdx.bytes());
    currentSig =
        TestArtifacts.signature(
            image,
            coseEnvelope,
            false,
            Map.of("io.cncf.notary.x509chain.thumbprint#S256", "[\"ab\"]"));
    legacySig = TestArtifacts.signature(image, jws, true, Map.of());
    sbom = TestArtifacts.artifact(image, "application/spdx+json", spdx);
    push.pushManifest(repo, currentSig.mediaType(), currentSig.bytes());
    push.pushManifest(repo, legacySig.mediaType(), legacySig.bytes());
    push.pushManifest(repo, sbom.mediaType(), sbom.bytes());
    Content fallback =
        TestArtifacts.referrersIndex(
            List.of(currentSig, legacySig, sbom),
            List.of(
                MediaTypes.NOTARY_SIGNATURE, MediaTypes.NOTARY_SIGNATURE, "application/spdx+json"));
    push.pushManifest(
        repo, Digest.parse(image.digest()).tagSchemaTag(), fallback.mediaType(), fallback.bytes());

    Content config2 =
        TestArtifacts.raw(
            "application/vnd.oci.image.config.v1+json",
            "{\"architecture\":\"arm64\",\"os\":\"linux\"}");
    push.pushBlob(repo, config2.bytes());
    lonely = TestArtifacts.image(config2, List.of(layer));
    push.pushManifest(repo, "lonely", lonely.mediaType(), lonely.bytes());
    multi = TestArtifacts.index(List.of(image, lonely));
    push.pushManifest(repo, "multi", multi.mediaType(), multi.bytes());
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
  }

  static Store store(RequestLog log, Duration ttl) throws RatifyException {
    return new RegistryStoreImpl(
        RegistrySettings.builder().plainHttp(true).ttl(ttl).observer(log).build());
  }

  static Reference ref(String tail) throws RatifyException {
    return Reference.parse(registry.host() + "/demo/app" + tail);
  }

  static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(30));
  }

  @Test
  void resolvesTagToTheManifestDescriptor() throws Exception {
    Descriptor d = store(new RequestLog(), Duration.ofSeconds(10)).resolve(ref(":v1"), deadline());
    assertEquals(image.digest(), d.digest().toString());
    assertEquals(image.bytes().length, d.size());
    assertEquals(MediaTypes.OCI_MANIFEST, d.mediaType());
  }

  @Test
  void resolvesDigestToItself() throws Exception {
    Descriptor d =
        store(new RequestLog(), Duration.ofSeconds(10))
            .resolve(ref("@" + image.digest()), deadline());
    assertEquals(image.digest(), d.digest().toString());
  }

  @Test
  void imageIndexResolvesAndFetchesAsItself() throws Exception {
    Store s = store(new RequestLog(), Duration.ofSeconds(10));
    Descriptor d = s.resolve(ref(":multi"), deadline());
    assertEquals(MediaTypes.OCI_INDEX, d.mediaType());
    assertEquals(multi.digest(), d.digest().toString());
    Manifest m = s.fetchManifest(ref(""), d, deadline());
    assertEquals(
        List.of(image.digest(), lonely.digest()),
        m.manifests().stream().map(x -> x.digest().toString()).toList());
  }

  @Test
  void fallbackListsBothSignatureFormsAndFiltersByType() throws Exception {
    Store s = store(new RequestLog(), Duration.ofSeconds(10));
    Reference subject = ref("@" + image.digest());
    List<Descriptor> sigs =
        s.listReferrers(subject, Set.of(MediaTypes.NOTARY_SIGNATURE), Optional.empty(), deadline())
            .referrers();
    assertEquals(Set.of(currentSig.digest(), legacySig.digest()), digests(sigs));
    assertTrue(
        sigs.stream().allMatch(d -> d.artifactTypeOrEmpty().equals(MediaTypes.NOTARY_SIGNATURE)));
    List<Descriptor> all =
        s.listReferrers(subject, Set.of(), Optional.empty(), deadline()).referrers();
    assertEquals(Set.of(currentSig.digest(), legacySig.digest(), sbom.digest()), digests(all));
  }

  @Test
  void fetchesBothSignatureFormsWithTheirArtifactType() throws Exception {
    Store s = store(new RequestLog(), Duration.ofSeconds(10));
    Manifest current =
        s.fetchManifest(
            ref(""),
            Descriptor.of(
                MediaTypes.OCI_MANIFEST,
                Digest.parse(currentSig.digest()),
                currentSig.bytes().length),
            deadline());
    Manifest legacy =
        s.fetchManifest(
            ref(""),
            Descriptor.of(
                MediaTypes.OCI_MANIFEST,
                Digest.parse(legacySig.digest()),
                legacySig.bytes().length),
            deadline());
    assertEquals(Optional.of(MediaTypes.NOTARY_SIGNATURE), current.artifactType());
    assertEquals(Optional.of(MediaTypes.NOTARY_SIGNATURE), current.effectiveArtifactType());
    assertEquals(Optional.empty(), legacy.artifactType());
    assertEquals(Optional.of(MediaTypes.NOTARY_SIGNATURE), legacy.effectiveArtifactType());
    assertEquals(image.digest(), current.subject().orElseThrow().digest().toString());
    assertArrayEquals(currentSig.bytes(), current.bytes());
    byte[] blob = s.fetchBlob(ref(""), current.layers().get(0), deadline());
    assertArrayEquals(coseEnvelope.bytes(), blob);
  }

  @Test
  void subjectWithoutTagIndexHasNoReferrers() throws Exception {
    Store s = store(new RequestLog(), Duration.ofSeconds(10));
    assertEquals(
        List.of(),
        s.listReferrers(ref("@" + lonely.digest()), Set.of(), Optional.empty(), deadline())
            .referrers());
  }

  @Test
  void missingContentIsResourceNotFound() throws Exception {
    Store s = store(new RequestLog(), Duration.ofSeconds(10));
    RatifyException tag =
        assertThrows(RatifyException.class, () -> s.resolve(ref(":nope"), deadline()));
    assertEquals(ErrorCode.RESOURCE_NOT_FOUND, tag.code());
    Descriptor absent =
        Descriptor.of(MediaTypes.COSE_ENVELOPE, Digest.sha256(new byte[] {1, 2, 3}), 3);
    RatifyException blob =
        assertThrows(RatifyException.class, () -> s.fetchBlob(ref(""), absent, deadline()));
    assertEquals(ErrorCode.RESOURCE_NOT_FOUND, blob.code());
  }

  @Test
  void descriptorWithWrongSizeIsRejected() throws Exception {
    Store s = store(new RequestLog(), Duration.ofSeconds(10));
    Descriptor wrong =
        Descriptor.of(
            MediaTypes.COSE_ENVELOPE,
            Digest.parse(coseEnvelope.digest()),
            coseEnvelope.bytes().length + 5);
    assertEquals(
        ErrorCode.DIGEST_MISMATCH,
        assertThrows(RatifyException.class, () -> s.fetchBlob(ref(""), wrong, deadline())).code());
    Descriptor shorter =
        Descriptor.of(
            MediaTypes.COSE_ENVELOPE,
            Digest.parse(coseEnvelope.digest()),
            coseEnvelope.bytes().length - 1);
    assertEquals(
        ErrorCode.SIZE_LIMIT_EXCEEDED,
        assertThrows(RatifyException.class, () -> s.fetchBlob(ref(""), shorter, deadline()))
            .code());
  }

  /**
   * The figure for the note: requests per verification-like flow, cold and warm, on the fallback
   * path.
   */
  @Test
  void requestCountsColdAndWarmOnTheFallbackPath() throws Exception {
    RequestLog log = new RequestLog();
    Store s = store(log, Duration.ofSeconds(10));
    int cold = verifyFlow(s, log);
    List<String> coldEntries = log.entries();
    log.clear();
    int warm = verifyFlow(s, log);
    System.out.println(
        "[figures] fallback path, no auth: cold="
            + cold
            + " "
            + coldEntries
            + ", warm="
            + warm
            + " "
            + log.entries());
    assertEquals(5, cold, coldEntries.toString());
    assertEquals(0, warm, log.entries().toString());

    // Once the registry is known to lack the referrers API, another subject costs one request less.
    log.clear();
    s.listReferrers(
        ref("@" + lonely.digest()),
        Set.of(MediaTypes.NOTARY_SIGNATURE),
        Optional.empty(),
        deadline());
    assertEquals(1, log.size(), log.entries().toString());
  }

  @Test
  void zeroTtlRefreshesTagsAndListsButNotContent() throws Exception {
    RequestLog log = new RequestLog();
    Store s = store(log, Duration.ZERO);
    verifyFlow(s, log);
    log.clear();
    verifyFlow(s, log);
    // resolve (HEAD) and the tag index again; the referrers-API probe is remembered, manifest and
    // blob are cached.
    assertEquals(
        List.of(
            "HEAD /v2/demo/app/manifests/v1",
            "GET /v2/demo/app/manifests/" + Digest.parse(image.digest()).tagSchemaTag()),
        log.entries());
  }

  /**
   * Resolve, list signatures, fetch one signature manifest and its blob; returns the requests this
   * sent.
   */
  static int verifyFlow(Store s, RequestLog log) throws Exception {
    int before = log.size();
    Descriptor subject = s.resolve(ref(":v1"), deadline());
    List<Descriptor> sigs =
        s.listReferrers(
                ref("@" + subject.digest()),
                Set.of(MediaTypes.NOTARY_SIGNATURE),
                Optional.empty(),
                deadline())
            .referrers();
    Descriptor current =
        sigs.stream()
            .filter(d -> d.digest().toString().equals(currentSig.digest()))
            .findFirst()
            .orElseThrow();
    Manifest m = s.fetchManifest(ref(""), current, deadline());
    s.fetchBlob(ref(""), m.layers().get(0), deadline());
    return log.size() - before;
  }

  private static Set<String> digests(List<Descriptor> ds) {
    return ds.stream().map(d -> d.digest().toString()).collect(Collectors.toSet());
  }

  /**
   * The notation CLI's e2e layouts, pushed to the registry, list the same signatures through both
   * stores.
   */
  @Test
  void notationLayoutsListTheSameSignaturesInBothStores() throws Exception {
    Optional<Path> layouts = Optional.of(SharedFolders.vectors(NOTATION_E2E_LAYOUTS));
    RegistryPusher push = new RegistryPusher(registry, Optional.empty());
    Store remote = store(new RequestLog(), Duration.ofSeconds(10));
    int compared = 0;
    try (Stream<Path> dirs = Files.list(layouts.get())) {
      for (Path dir : dirs.sorted().toList()) {
        String repo = "e2e/" + dir.getFileName().toString().toLowerCase(Locale.ROOT);
        push.pushLayout(dir, repo);
        Store local = OciLayoutStore.open(dir);
        Descriptor localSubject = local.resolve(Reference.parse("localhost/layout:v1"), deadline());
        Reference remoteRef = Reference.parse(registry.host() + "/" + repo + ":v1");
        Descriptor remoteSubject = remote.resolve(remoteRef, deadline());
        assertEquals(localSubject.digest(), remoteSubject.digest(), dir.toString());
        Set<String> viaLayout =
            digests(
                local
                    .listReferrers(
                        Reference.parse("localhost/layout@" + localSubject.digest()),
                        Set.of(MediaTypes.NOTARY_SIGNATURE),
                        Optional.empty(),
                        deadline())
                    .referrers());
        Set<String> viaRegistry =
            digests(
                remote
                    .listReferrers(
                        remoteRef.pinned(remoteSubject.digest()),
                        Set.of(MediaTypes.NOTARY_SIGNATURE),
                        Optional.empty(),
                        deadline())
                    .referrers());
        boolean hasTagIndex =
            Files.readString(dir.resolve("index.json"))
                .contains("\"" + remoteSubject.digest().tagSchemaTag() + "\"");
        if (hasTagIndex) {
          assertEquals(viaLayout, viaRegistry, dir.toString());
          compared++;
        } else {
          // Without a tag index the registry (no referrers API) cannot know the signatures; the
          // layout scan can.
          assertEquals(Set.of(), viaRegistry, dir.toString());
        }
        for (String d : viaRegistry) {
          Descriptor sd =
              remote
                  .listReferrers(
                      remoteRef.pinned(remoteSubject.digest()),
                      Set.of(),
                      Optional.empty(),
                      deadline())
                  .referrers()
                  .stream()
                  .filter(x -> x.digest().toString().equals(d))
                  .findFirst()
                  .orElseThrow();
          Manifest m = remote.fetchManifest(remoteRef, sd, deadline());
          assertArrayEquals(
              local.fetchBlob(remoteRef, m.layers().get(0), deadline()),
              remote.fetchBlob(remoteRef, m.layers().get(0), deadline()));
        }
      }
    }
    assertTrue(compared >= 3, "layouts with a tag index compared: " + compared);
  }

  /**
   * A request is answered on the calling thread's own wait, with no hand-off per response: JDK 17's
   * {@code sendAsync} passes every response through CompletableFuture's default executor, which on
   * a machine with two CPUs starts one new thread per response (and elsewhere hops to the common
   * pool). Twenty uncached resolutions must not start twenty threads.
   */
  @Test
  void requestsStartNoThreadPerResponse() throws Exception {
    RequestLog log = new RequestLog();
    Store s = store(log, Duration.ZERO);
    Reference v1 = ref(":v1");
    Deadline deadline = Deadline.after(Duration.ofSeconds(30));
    s.resolve(v1, deadline); // the connection, the client's threads and the body expiry timer
    s.resolve(v1, deadline);
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    int before = log.size();
    long started = threads.getTotalStartedThreadCount();
    for (int i = 0; i < 20; i++) {
      assertEquals(Digest.parse(image.digest()), s.resolve(v1, deadline).digest());
    }
    long startedDuring = threads.getTotalStartedThreadCount() - started;
    assertEquals(20, log.size() - before, "every resolution went to the registry");
    assertTrue(startedDuring < 10, "threads started during 20 requests: " + startedDuring);
  }
}
