package io.ratify.oras.internal.layout;

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
import io.ratify.oras.testing.TestArtifacts;
import io.ratify.oras.testing.TestArtifacts.Content;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutStoreTest {
  private static final String NOTATION_E2E_LAYOUTS =
      "notation/test/e2e/testdata/registry/oci_layout";

  static final String SUBJECT_HEX =
      "b8479de3f88fb259a0a9ea82a5b2a052a1ef3c4ebbcfc61482d5ae4c831f8af9";

  static Deadline deadline() {
    return Deadline.after(Duration.ofSeconds(20));
  }

  static Path e2e(String name) {
    Optional<Path> root = Optional.of(SharedFolders.vectors(NOTATION_E2E_LAYOUTS));
    return root.get().resolve(name);
  }

  static Reference ref(String tail) throws RatifyException {
    return Reference.parse("localhost/layout" + tail);
  }

  static Set<String> digests(List<Descriptor> ds) {
    return ds.stream().map(d -> d.digest().toString()).collect(Collectors.toSet());
  }

  @Test
  void readsTheNotationValidSignatureLayout() throws Exception {
    Store s = OciLayoutStore.open(e2e("e2e-valid-signature"));
    Descriptor subject = s.resolve(ref(":v1"), deadline());
    assertEquals("sha256:" + SUBJECT_HEX, subject.digest().toString());
    assertEquals(517, subject.size());
    assertTrue(
        subject.annotations().isEmpty(),
        "the layout's tag annotation is not part of the descriptor");
    List<Descriptor> sigs =
        s.listReferrers(
                ref("@" + subject.digest()),
                Set.of(MediaTypes.NOTARY_SIGNATURE),
                Optional.empty(),
                deadline())
            .referrers();
    // Found by the index.json scan and by the tag index: listed once.
    assertEquals(
        List.of("sha256:90ceaff260d657d797c408ac73564a9c7bb9d86055877c2a811f0e63b8c6524f"),
        sigs.stream().map(d -> d.digest().toString()).toList());
    Manifest m = s.fetchManifest(ref(""), sigs.get(0), deadline());
    assertEquals(Optional.of(MediaTypes.NOTARY_SIGNATURE), m.effectiveArtifactType());
    assertEquals(MediaTypes.JWS_ENVELOPE, m.layers().get(0).mediaType());
    byte[] envelope = s.fetchBlob(ref(""), m.layers().get(0), deadline());
    assertEquals(2070, envelope.length);
    assertTrue(sigs.get(0).annotations().containsKey(MediaTypes.NOTARY_THUMBPRINT_ANNOTATION));
  }

  @Test
  void findsLegacySignaturesWithoutATagIndexByScanning() throws Exception {
    Store s = OciLayoutStore.open(e2e("e2e-with-timestamped-signature"));
    Descriptor subject = s.resolve(ref(":v1"), deadline());
    List<Descriptor> sigs =
        s.listReferrers(
                ref("@" + subject.digest()),
                Set.of(MediaTypes.NOTARY_SIGNATURE),
                Optional.empty(),
                deadline())
            .referrers();
    assertEquals(
        List.of("sha256:6a5cd3a886707a317935dcaf13954fc80ef9aeb665262b6ae4fe469ad7ea3aea"),
        sigs.stream().map(d -> d.digest().toString()).toList());
    assertEquals(MediaTypes.NOTARY_SIGNATURE, sigs.get(0).artifactTypeOrEmpty());
  }

  @Test
  void everyNotationLayoutReadsWithCheckedContent() throws Exception {
    Path root = e2e("");
    int signatures = 0;
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.toList()) {
        Store s = OciLayoutStore.open(dir);
        Descriptor subject = s.resolve(ref(":v1"), deadline());
        for (Descriptor d :
            s.listReferrers(ref("@" + subject.digest()), Set.of(), Optional.empty(), deadline())
                .referrers()) {
          Manifest m = s.fetchManifest(ref(""), d, deadline());
          assertEquals(subject.digest(), m.subject().orElseThrow().digest());
          for (Descriptor layer : m.layers()) {
            assertTrue(layer.digest().matches(s.fetchBlob(ref(""), layer, deadline())));
          }
          signatures++;
        }
      }
    }
    assertEquals(4, signatures, "one signature in each signed layout");
    Store unsigned = OciLayoutStore.open(root.resolve("e2e"));
    assertEquals(
        List.of(),
        unsigned
            .listReferrers(ref("@sha256:" + SUBJECT_HEX), Set.of(), Optional.empty(), deadline())
            .referrers());
  }

  /**
   * A small layout written by the test: an image, a signature listed only in index.json, one only
   * in the tag index.
   */
  static final class Built {
    final Path dir;
    final Content image;
    final Content scanned;
    final Content tagged;

    Built(Path dir) throws IOException {
      this.dir = dir;
      Content config = TestArtifacts.raw(MediaTypes.OCI_IMAGE_CONFIG, "{}");
      image = TestArtifacts.image(config, List.of());
      Content env1 = TestArtifacts.raw(MediaTypes.COSE_ENVELOPE, "one");
      Content env2 = TestArtifacts.raw(MediaTypes.COSE_ENVELOPE, "two");
      scanned = TestArtifacts.signature(image, env1, true, Map.of());
      tagged = TestArtifacts.signature(image, env2, false, Map.of());
      Content tagIndex =
          TestArtifacts.referrersIndex(
              List.of(tagged, scanned),
              List.of(MediaTypes.NOTARY_SIGNATURE, MediaTypes.NOTARY_SIGNATURE));
      for (Content c :
          List.of(
              config,
              image,
              env1,
              env2,
              scanned,
              tagged,
              tagIndex,
              new Content(TestArtifacts.EMPTY_CONFIG, TestArtifacts.EMPTY_JSON))) {
        write(c);
      }
      Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
      String index =
          "{\"schemaVersion\":2,\"manifests\":["
              + entry(image, "v1")
              + ","
              + entry(scanned, null)
              + ","
              + entry(tagIndex, image.digest().replace(':', '-'))
              + "]}";
      Files.writeString(dir.resolve("index.json"), index);
    }

    private static String entry(Content c, String tag) {
      var d = c.descriptor();
      if (tag != null) {
        d.putObject("annotations").put("org.opencontainers.image.ref.name", tag);
      }
      return d.toString();
    }

    void write(Content c) throws IOException {
      Path p = blob(c.digest());
      Files.createDirectories(p.getParent());
      Files.write(p, c.bytes());
    }

    Path blob(String digest) {
      return dir.resolve("blobs/sha256").resolve(digest.substring(7));
    }
  }

  @Test
  void unionOfScanAndTagIndexWithoutDuplicates(@TempDir Path dir) throws Exception {
    Built b = new Built(dir);
    Store s = OciLayoutStore.open(dir);
    List<Descriptor> all =
        s.listReferrers(
                ref("@" + b.image.digest()),
                Set.of(MediaTypes.NOTARY_SIGNATURE),
                Optional.empty(),
                deadline())
            .referrers();
    assertEquals(2, all.size());
    assertEquals(Set.of(b.scanned.digest(), b.tagged.digest()), digests(all));
    assertEquals(
        List.of(),
        s.listReferrers(
                ref("@" + b.image.digest()),
                Set.of("application/spdx+json"),
                Optional.empty(),
                deadline())
            .referrers());
    // The registry and repository of references do not matter: the layout is one repository.
    assertEquals(
        b.image.digest(),
        s.resolve(Reference.parse("example.com/any/thing:v1"), deadline()).digest().toString());
  }

  @Test
  void tamperedContentIsDigestMismatch(@TempDir Path dir) throws Exception {
    Built b = new Built(dir);
    Store s = OciLayoutStore.open(dir);
    byte[] bytes = b.scanned.bytes().clone();
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(b.blob(b.scanned.digest()), bytes);
    Descriptor d =
        Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.parse(b.scanned.digest()), bytes.length);
    assertEquals(
        ErrorCode.DIGEST_MISMATCH,
        assertThrows(RatifyException.class, () -> s.fetchManifest(ref(""), d, deadline())).code());
    // Listing reads the scanned manifests, so it fails closed too.
    assertEquals(
        ErrorCode.DIGEST_MISMATCH,
        assertThrows(
                RatifyException.class,
                () ->
                    s.listReferrers(
                        ref("@" + b.image.digest()), Set.of(), Optional.empty(), deadline()))
            .code());
    Descriptor wrongSize =
        Descriptor.of(
            MediaTypes.OCI_MANIFEST, Digest.parse(b.tagged.digest()), b.tagged.bytes().length + 1);
    assertEquals(
        ErrorCode.DIGEST_MISMATCH,
        assertThrows(RatifyException.class, () -> s.fetchManifest(ref(""), wrongSize, deadline()))
            .code());
  }

  @Test
  void blobsAreReadOnlyFromInsideTheLayout(@TempDir Path dir, @TempDir Path outside)
      throws Exception {
    Built b = new Built(dir);
    Path secret = Files.writeString(outside.resolve("secret"), "secret");
    Digest d = Digest.sha256("secret".getBytes(StandardCharsets.UTF_8));
    Files.createSymbolicLink(b.blob(d.toString()), secret);
    Store s = OciLayoutStore.open(dir);
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () -> s.fetchBlob(ref(""), Descriptor.of("text/plain", d, 6), deadline()));
    assertEquals(ErrorCode.GET_BLOB_CONTENT_FAILURE, e.code());
    Descriptor absent = Descriptor.of("text/plain", Digest.sha256(new byte[] {9}), 1);
    assertEquals(
        ErrorCode.RESOURCE_NOT_FOUND,
        assertThrows(RatifyException.class, () -> s.fetchBlob(ref(""), absent, deadline())).code());
    Descriptor tooBig = Descriptor.of("text/plain", d, 64L << 20);
    assertEquals(
        ErrorCode.SIZE_LIMIT_EXCEEDED,
        assertThrows(RatifyException.class, () -> s.fetchBlob(ref(""), tooBig, deadline())).code());
  }

  @Test
  void missingTagAndNonLayoutsAreTypedErrors(@TempDir Path dir) throws Exception {
    assertEquals(
        ErrorCode.CONFIG_INVALID,
        assertThrows(RatifyException.class, () -> OciLayoutStore.open(dir)).code());
    assertEquals(
        ErrorCode.CONFIG_INVALID,
        assertThrows(RatifyException.class, () -> OciLayoutStore.open(dir.resolve("absent")))
            .code());
    new Built(dir);
    Store s = OciLayoutStore.open(dir);
    assertEquals(
        ErrorCode.RESOURCE_NOT_FOUND,
        assertThrows(RatifyException.class, () -> s.resolve(ref(":v2"), deadline())).code());
    Files.writeString(
        dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"x\"}]}");
    assertEquals(
        ErrorCode.MANIFEST_INVALID,
        assertThrows(RatifyException.class, () -> s.resolve(ref(":v1"), deadline())).code());
  }
}
