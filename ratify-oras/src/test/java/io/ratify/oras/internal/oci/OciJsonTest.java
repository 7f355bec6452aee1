package io.ratify.oras.internal.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.Manifest;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.oras.testing.TestArtifacts;
import io.ratify.oras.testing.TestArtifacts.Content;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

class OciJsonTest {
  static final Content IMAGE =
      TestArtifacts.image(TestArtifacts.raw(MediaTypes.OCI_IMAGE_CONFIG, "{}"), List.of());
  static final Content SIG =
      TestArtifacts.signature(
          IMAGE,
          TestArtifacts.raw(MediaTypes.JWS_ENVELOPE, "{}"),
          false,
          Map.of(MediaTypes.NOTARY_THUMBPRINT_ANNOTATION, "[\"ab\"]"));
  static final Content LEGACY =
      TestArtifacts.signature(
          IMAGE, TestArtifacts.raw(MediaTypes.COSE_ENVELOPE, "x"), true, Map.of());

  static Descriptor of(Content c) {
    return Descriptor.of(c.mediaType(), Digest.sha256(c.bytes()), c.bytes().length);
  }

  static Manifest parse(String mediaType, String json) throws RatifyException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return OciJson.parseManifest(Descriptor.of(mediaType, Digest.sha256(b), b.length), b);
  }

  static ErrorCode failure(String mediaType, String json) {
    return assertThrows(RatifyException.class, () -> parse(mediaType, json)).code();
  }

  @Test
  void parsesBothSignatureForms() throws Exception {
    Manifest current = OciJson.parseManifest(of(SIG), SIG.bytes());
    assertEquals(Optional.of(MediaTypes.NOTARY_SIGNATURE), current.artifactType());
    assertEquals(MediaTypes.OCI_EMPTY, current.config().orElseThrow().mediaType());
    assertEquals(IMAGE.digest(), current.subject().orElseThrow().digest().toString());
    assertEquals(MediaTypes.JWS_ENVELOPE, current.layers().get(0).mediaType());
    assertEquals("[\"ab\"]", current.annotations().get(MediaTypes.NOTARY_THUMBPRINT_ANNOTATION));
    Manifest legacy = OciJson.parseManifest(of(LEGACY), LEGACY.bytes());
    assertEquals(Optional.empty(), legacy.artifactType());
    assertEquals(Optional.of(MediaTypes.NOTARY_SIGNATURE), legacy.effectiveArtifactType());
  }

  @Test
  void parsesIndexesAndArtifactManifests() throws Exception {
    Content index =
        TestArtifacts.referrersIndex(
            List.of(SIG, LEGACY), java.util.Arrays.asList(MediaTypes.NOTARY_SIGNATURE, null));
    Manifest m = OciJson.parseManifest(of(index), index.bytes());
    assertEquals(2, m.manifests().size());
    assertEquals(Optional.of(MediaTypes.NOTARY_SIGNATURE), m.manifests().get(0).artifactType());
    assertEquals(Optional.empty(), m.manifests().get(1).artifactType());
    Manifest artifact =
        parse(
            MediaTypes.OCI_ARTIFACT_MANIFEST,
            "{\"mediaType\":\""
                + MediaTypes.OCI_ARTIFACT_MANIFEST
                + "\",\"artifactType\":\"t\",\"blobs\":["
                + TestArtifacts.raw("a/b", "x").descriptor()
                + "]}");
    assertEquals(1, artifact.layers().size());
  }

  @Test
  void rejectsMalformedManifests() {
    String cfg = TestArtifacts.raw(MediaTypes.OCI_IMAGE_CONFIG, "{}").descriptor().toString();
    assertEquals(ErrorCode.MANIFEST_INVALID, failure(MediaTypes.OCI_MANIFEST, "[]"));
    assertEquals(
        ErrorCode.MANIFEST_INVALID,
        failure(MediaTypes.OCI_MANIFEST, "{\"schemaVersion\":1,\"config\":" + cfg + "}"));
    assertEquals(
        ErrorCode.MANIFEST_INVALID, failure(MediaTypes.OCI_MANIFEST, "{\"schemaVersion\":2}"));
    assertEquals(
        ErrorCode.MANIFEST_INVALID,
        failure(
            MediaTypes.OCI_MANIFEST,
            "{\"schemaVersion\":2,\"schemaVersion\":2,\"config\":" + cfg + "}"));
    assertEquals(
        ErrorCode.MANIFEST_INVALID,
        failure(
            MediaTypes.OCI_MANIFEST,
            "{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_INDEX
                + "\",\"config\":"
                + cfg
                + "}"));
    assertEquals(
        ErrorCode.MANIFEST_INVALID,
        failure(
            MediaTypes.OCI_MANIFEST,
            "{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a\",\"digest\":\"md5:00\",\"size\":1}}"));
    assertEquals(
        ErrorCode.MANIFEST_INVALID,
        failure(
            MediaTypes.OCI_MANIFEST,
            "{\"schemaVersion\":2,\"config\":" + cfg.replace("\"size\":2", "\"size\":-1") + "}"));
    assertEquals(
        ErrorCode.MANIFEST_INVALID,
        failure(
            MediaTypes.OCI_MANIFEST,
            "{\"schemaVersion\":2,\"config\":" + cfg + ",\"annotations\":{\"a\":1}}"));
    assertEquals(
        ErrorCode.MANIFEST_INVALID,
        failure(MediaTypes.OCI_MANIFEST, "{\"schemaVersion\":2,\"config\":" + cfg + "} trailing"));
    assertEquals(
        ErrorCode.MANIFEST_INVALID, failure(MediaTypes.OCI_INDEX, "{\"schemaVersion\":2}"));
    assertEquals(ErrorCode.MANIFEST_INVALID, failure("application/octet-stream", "{}"));
    assertEquals(
        ErrorCode.MANIFEST_INVALID,
        failure(MediaTypes.OCI_MANIFEST, "[".repeat(100) + "]".repeat(100)));
  }

  @Test
  void indexParsingChecksTheMediaType() {
    byte[] notIndex =
        ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"manifests\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(
        ErrorCode.MANIFEST_INVALID,
        assertThrows(RatifyException.class, () -> OciJson.parseIndex(notIndex, "x")).code());
  }

  @Test
  void indexWithoutManifestsIsNotAnIndex() throws Exception {
    // An image manifest that names no media type must not read as an index with no entries ("no
    // referrers").
    String cfg = TestArtifacts.raw(MediaTypes.OCI_IMAGE_CONFIG, "{}").descriptor().toString();
    byte[] manifest =
        ("{\"schemaVersion\":2,\"config\":" + cfg + ",\"layers\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(
        ErrorCode.MANIFEST_INVALID,
        assertThrows(RatifyException.class, () -> OciJson.parseIndex(manifest, "x")).code());
    byte[] noEntries =
        ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(
        ErrorCode.MANIFEST_INVALID,
        assertThrows(RatifyException.class, () -> OciJson.parseIndex(noEntries, "x")).code());
    byte[] empty =
        ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX + "\",\"manifests\":[]}")
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(List.of(), OciJson.parseIndex(empty, "x"));
  }

  @Provide
  Arbitrary<List<Tuple.Tuple2<Integer, Integer>>> mutations() {
    return Arbitraries.integers()
        .between(0, Integer.MAX_VALUE)
        .tuple2()
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(l -> l.stream().map(t -> Tuple.of(t.get1(), t.get2())).toList());
  }

  /** Mutated manifests either parse or fail with MANIFEST_INVALID, never anything else. */
  @Property(tries = 1000)
  void mutatedManifestsFailOnlyWithTheTypedError(
      @ForAll("mutations") List<Tuple.Tuple2<Integer, Integer>> edits, @ForAll boolean legacy) {
    byte[] b = mutate((legacy ? LEGACY : SIG).bytes(), edits);
    try {
      OciJson.parseManifest(Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(b), b.length), b);
      OciJson.parseIndex(b, "mutated");
    } catch (RatifyException e) {
      assertEquals(ErrorCode.MANIFEST_INVALID, e.code());
    }
  }

  /**
   * A mutated manifest never matches the digest of the original, so no store can hand it out for
   * that descriptor.
   */
  @Property(tries = 1000)
  void mutatedManifestsNeverMatchTheOriginalDigest(
      @ForAll("mutations") List<Tuple.Tuple2<Integer, Integer>> edits) {
    byte[] b = mutate(SIG.bytes(), edits);
    if (!java.util.Arrays.equals(b, SIG.bytes())) {
      assertTrue(!of(SIG).digest().matches(b));
    }
  }

  /** Applies edits: replace, insert or delete one byte at a position derived from each pair. */
  static byte[] mutate(byte[] in, List<Tuple.Tuple2<Integer, Integer>> edits) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    byte[] cur = in;
    for (Tuple.Tuple2<Integer, Integer> e : edits) {
      out.reset();
      int pos = cur.length == 0 ? 0 : e.get1() % cur.length;
      int op = e.get2() % 3;
      byte v = (byte) (e.get2() >>> 8);
      out.write(cur, 0, pos);
      if (op == 0 && cur.length > 0) {
        out.write(v);
        out.write(cur, pos + 1, cur.length - pos - 1);
      } else if (op == 1) {
        out.write(v);
        out.write(cur, pos, cur.length - pos);
      } else if (cur.length > 0) {
        out.write(cur, pos + 1, cur.length - pos - 1);
      }
      cur = out.toByteArray();
    }
    return cur;
  }
}
