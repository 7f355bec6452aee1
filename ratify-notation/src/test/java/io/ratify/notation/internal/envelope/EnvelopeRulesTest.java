package io.ratify.notation.internal.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.MediaTypes;
import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import io.ratify.notation.internal.cbor.CborItem;
import io.ratify.notation.internal.cbor.CborWriter;
import io.ratify.notation.signer.EnvelopeFormat;
import io.ratify.notation.signer.NotationSigner;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Header and encoding rules, on envelopes crafted and correctly signed so that only the rule under
 * test is broken.
 */
class EnvelopeRulesTest {
  private static final byte[] PAYLOAD =
      "{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\",\"size\":1}}"
          .getBytes(StandardCharsets.UTF_8);

  static Map<String, Object> jwsHeader() {
    Map<String, Object> h = new TreeMap<>();
    h.put("alg", "ES256");
    h.put("cty", MediaTypes.NOTARY_PAYLOAD);
    h.put("crit", List.of(HeaderNames.SIGNING_SCHEME));
    h.put(HeaderNames.SIGNING_SCHEME, "notary.x509");
    h.put(HeaderNames.SIGNING_TIME, "2024-04-04T15:03:06-07:00");
    return h;
  }

  static byte[] jws(Consumer<Map<String, Object>> edit) throws Exception {
    Map<String, Object> h = jwsHeader();
    edit.accept(h);
    return JwsWriter.write(
        h,
        PAYLOAD,
        EnvelopeFixtures.LEAF.privateKey(),
        SignatureAlgorithm.ES256,
        EnvelopeFixtures.LEAF.chain(),
        Optional.empty());
  }

  static String jwsFailure(Consumer<Map<String, Object>> edit) throws Exception {
    byte[] env = jws(edit);
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class,
            () -> Envelopes.parseAndVerify(MediaTypes.JWS_ENVELOPE, env));
    assertEquals(Check.INTEGRITY, f.check());
    return f.reason();
  }

  @Test
  void craftedBaselineVerifiesWithLocalOffsetTime() throws Exception {
    SignedEnvelope v = Envelopes.parseAndVerify(MediaTypes.JWS_ENVELOPE, jws(h -> {}));
    assertEquals(java.time.Instant.parse("2024-04-04T22:03:06Z"), v.signingTime().orElseThrow());
  }

  @Test
  void jwsHeaderRules() throws Exception {
    assertTrue(jwsFailure(h -> h.remove("crit")).contains("missing \"crit\" header"));
    assertTrue(
        jwsFailure(h -> h.put("crit", List.of("io.cncf.notary.signingScheme", "nope")))
            .contains("\"nope\" header is marked critical but not present"));
    assertTrue(
        jwsFailure(h -> h.put(HeaderNames.EXPIRY, "2124-01-01T00:00:00Z"))
            .contains("required header \"io.cncf.notary.expiry\" is not marked critical"));
    assertTrue(
        jwsFailure(
                h -> {
                  h.put(HeaderNames.EXPIRY, "2024-04-04T15:03:06-07:00");
                  h.put("crit", List.of(HeaderNames.SIGNING_SCHEME, HeaderNames.EXPIRY));
                })
            .contains("is not after the signing time"));
    assertTrue(
        jwsFailure(h -> h.put(HeaderNames.SIGNING_SCHEME, "notary.default.x509"))
            .contains("unsupported signingScheme: `notary.default.x509`"));
    assertTrue(
        jwsFailure(h -> h.put("cty", "application/json"))
            .contains("payload content type \"application/json\" not supported"));
    assertTrue(jwsFailure(h -> h.remove(HeaderNames.SIGNING_TIME)).contains("must be present"));
    assertTrue(
        jwsFailure(h -> h.put(HeaderNames.SIGNING_TIME, "2024-04-04 15:03:06Z"))
            .contains("RFC 3339"));
    assertTrue(jwsFailure(h -> h.put("alg", "RS256")).contains("\"RS256\" is not supported"));
    // the JWS path refuses a registered header listed in crit, as notation-go does
    assertTrue(
        jwsFailure(
                h -> h.put("crit", List.of(HeaderNames.SIGNING_SCHEME, HeaderNames.SIGNING_TIME)))
            .contains("marked critical but not present"));
    assertTrue(
        jwsFailure(h -> h.put(HeaderNames.VERIFICATION_PLUGIN, "p"))
            .contains("is not a critical Extended attribute"));
    // signing authority: authentic signing time required and critical; signing time forbidden
    assertTrue(
        jwsFailure(h -> h.put(HeaderNames.SIGNING_SCHEME, "notary.x509.signingAuthority"))
            .contains("must not be present"));
    assertTrue(
        jwsFailure(
                h -> {
                  h.put(HeaderNames.SIGNING_SCHEME, "notary.x509.signingAuthority");
                  h.put(HeaderNames.AUTHENTIC_SIGNING_TIME, h.remove(HeaderNames.SIGNING_TIME));
                })
            .contains("\"io.cncf.notary.authenticSigningTime\" is not marked critical"));
  }

  @Test
  void algorithmMustMatchTheLeafKey() throws Exception {
    Map<String, Object> h = jwsHeader();
    h.put("alg", "ES384");
    byte[] env =
        JwsWriter.write(
            h,
            PAYLOAD,
            EnvelopeFixtures.LEAF.privateKey(),
            SignatureAlgorithm.ES384,
            EnvelopeFixtures.LEAF.chain(),
            Optional.empty());
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class,
            () -> Envelopes.parseAndVerify(MediaTypes.JWS_ENVELOPE, env));
    assertTrue(
        f.reason()
            .contains(
                "mismatch between signature algorithm derived from signing certificate (ES256)"
                    + " and signing algorithm specified (ES384)"),
        f.reason());
  }

  /**
   * Deliberate difference from notation-go: an unknown critical extended attribute fails here
   * (specification); notation-go accepts it when no verification plugin is named. Non-critical ones
   * are exposed.
   */
  @Test
  void unknownCriticalAttributeFailsInBothFormats() throws Exception {
    for (EnvelopeFormat f : EnvelopeFormat.values()) {
      byte[] env =
          NotationSigner.builder()
              .privateKey(EnvelopeFixtures.LEAF.privateKey())
              .certificateChain(EnvelopeFixtures.LEAF.chain())
              .format(f)
              .extendedAttribute("acme.buildPolicy", "v1", true)
              .build()
              .sign(EnvelopeFixtures.TARGET, Map.of(), Optional.empty());
      VerificationFailure e =
          assertThrows(
              VerificationFailure.class, () -> Envelopes.parseAndVerify(f.mediaType(), env));
      assertTrue(
          e.reason().contains("critical header \"acme.buildPolicy\" is not understood"),
          e.reason());
      byte[] ok =
          NotationSigner.builder()
              .privateKey(EnvelopeFixtures.LEAF.privateKey())
              .certificateChain(EnvelopeFixtures.LEAF.chain())
              .format(f)
              .extendedAttribute("acme.note", "v1", false)
              .build()
              .sign(EnvelopeFixtures.TARGET, Map.of(), Optional.empty());
      SignedEnvelope v = Envelopes.parseAndVerify(f.mediaType(), ok);
      assertEquals(
          "v1",
          ((com.fasterxml.jackson.databind.JsonNode) v.extendedAttributes().get("acme.note"))
              .textValue());
    }
  }

  /**
   * Salt length must equal the hash length in JWS too (golang-jwt would accept salt 0; the spec
   * says hash length).
   */
  @Test
  void pssSaltOtherThanHashLengthIsRefused() throws Exception {
    var rsa =
        io.ratify.notation.testing.CertificateAuthority.selfSigned(
            io.ratify.notation.testing.CertificateProfile.codeSigningLeaf("CN=RSA,O=N,ST=WA,C=US"),
            io.ratify.notation.testing.KeySpec.RSA_2048);
    Map<String, Object> h = jwsHeader();
    h.put("alg", "PS256");
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String p =
        url.encodeToString(
            io.ratify.notation.internal.json.GoJson.write(h).getBytes(StandardCharsets.UTF_8));
    String pl = url.encodeToString(PAYLOAD);
    Signature s = Signature.getInstance("RSASSA-PSS");
    s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 0, 1));
    s.initSign(rsa.privateKey());
    s.update((p + "." + pl).getBytes(StandardCharsets.US_ASCII));
    String env =
        "{\"payload\":\""
            + pl
            + "\",\"protected\":\""
            + p
            + "\",\"header\":{\"x5c\":[\""
            + Base64.getEncoder().encodeToString(rsa.certificate().getEncoded())
            + "\"]},\"signature\":\""
            + url.encodeToString(s.sign())
            + "\"}";
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class,
            () ->
                Envelopes.parseAndVerify(
                    MediaTypes.JWS_ENVELOPE, env.getBytes(StandardCharsets.UTF_8)));
    assertTrue(f.reason().startsWith("signature is invalid"), f.reason());
  }

  @Test
  void jwsEncodingRules() throws Exception {
    String env = new String(EnvelopeFixtures.JWS, StandardCharsets.UTF_8);
    String[] bad = {
      env.replaceFirst("\"payload\":\"", "\"payload\":\"="),
      env.replaceFirst("\"signature\":\"([^\"]*)\"", "\"signature\":\"$1==\""),
      env.replaceFirst("\\{", "{\"payload\":\"x\","), // duplicate key
      env.replaceFirst("\"x5c\":\\[\"", "\"x5c\":[\"-_"), // url alphabet in standard base64
      env + "{}",
      env.replaceFirst("\"x5c\"", "\"x5C\""),
    };
    for (String b : bad) {
      VerificationFailure f =
          assertThrows(
              VerificationFailure.class,
              () ->
                  Envelopes.parseAndVerify(
                      MediaTypes.JWS_ENVELOPE, b.getBytes(StandardCharsets.UTF_8)));
      assertEquals(Check.INTEGRITY, f.check());
    }
  }

  // --- COSE
  // --------------------------------------------------------------------------------------------------------

  static Map<CborItem, CborItem> coseHeader() {
    Map<CborItem, CborItem> h = new LinkedHashMap<>();
    h.put(CborWriter.integer(1), CborWriter.integer(-7));
    h.put(
        CborWriter.integer(2),
        CborWriter.array(List.of(CborWriter.text(HeaderNames.SIGNING_SCHEME))));
    h.put(CborWriter.integer(3), CborWriter.text(MediaTypes.NOTARY_PAYLOAD));
    h.put(CborWriter.text(HeaderNames.SIGNING_SCHEME), CborWriter.text("notary.x509"));
    h.put(
        CborWriter.text(HeaderNames.SIGNING_TIME),
        CborWriter.tagged(1, CborWriter.integer(1700000000)));
    return h;
  }

  static byte[] cose(Consumer<Map<CborItem, CborItem>> edit) throws Exception {
    Map<CborItem, CborItem> h = coseHeader();
    edit.accept(h);
    return CoseWriter.write(
        CborWriter.map(h),
        PAYLOAD,
        EnvelopeFixtures.LEAF.privateKey(),
        SignatureAlgorithm.ES256,
        EnvelopeFixtures.LEAF.chain(),
        Optional.empty());
  }

  static String coseFailure(byte[] env) {
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class,
            () -> Envelopes.parseAndVerify(MediaTypes.COSE_ENVELOPE, env));
    assertEquals(Check.INTEGRITY, f.check());
    return f.reason();
  }

  @Test
  void coseRules() throws Exception {
    Envelopes.parseAndVerify(MediaTypes.COSE_ENVELOPE, cose(h -> {}));
    CborItem st = CborWriter.text(HeaderNames.SIGNING_TIME);
    assertTrue(
        coseFailure(cose(h -> h.put(st, CborWriter.integer(1700000000))))
            .contains("invalid timeValue type"));
    assertTrue(
        coseFailure(
                cose(h -> h.put(st, CborWriter.tagged(0, CborWriter.text("2023-11-14T22:13:20Z")))))
            .contains("only Tag `1` Datetime CBOR object is supported"));
    assertTrue(
        coseFailure(cose(h -> h.put(CborWriter.integer(33), CborWriter.array(List.of()))))
            .contains("x5chain in the protected header is not supported"));
    // like notation-go's COSE path, a registered label in crit is accepted
    Envelopes.parseAndVerify(
        MediaTypes.COSE_ENVELOPE,
        cose(
            h ->
                h.put(
                    CborWriter.integer(2),
                    CborWriter.array(List.of(CborWriter.text(HeaderNames.SIGNING_SCHEME), st)))));
    // stricter than notation-go's COSE path: the other scheme's time label is refused
    assertTrue(
        coseFailure(
                cose(
                    h ->
                        h.put(
                            CborWriter.text(HeaderNames.AUTHENTIC_SIGNING_TIME),
                            CborWriter.tagged(1, CborWriter.integer(1700000000)))))
            .contains("must not be present"));
    assertTrue(
        coseFailure(
                cose(
                    h ->
                        h.put(
                            CborWriter.integer(2),
                            CborWriter.array(List.of(CborWriter.integer(99))))))
            .contains("marked critical but not present"));
    assertTrue(
        coseFailure(cose(h -> h.put(CborWriter.integer(3), CborWriter.integer(50))))
            .contains("content type should be of 'tstr' type"));

    // untagged COSE_Sign1 is refused
    byte[] tagged = cose(h -> {});
    assertTrue(
        coseFailure(java.util.Arrays.copyOfRange(tagged, 1, tagged.length)).contains("tag 18"));
    // x5chain as a single bstr (RFC 9360 allows it; notation does not read it)
    assertTrue(
        coseFailure(
                rewriteUnprotected(
                    tagged, CborWriter.bytes(EnvelopeFixtures.LEAF.certificate().getEncoded())))
            .contains("certificate chain is not present"));
    // trailing bytes
    byte[] trailing = java.util.Arrays.copyOf(tagged, tagged.length + 1);
    assertTrue(coseFailure(trailing).contains("trailing bytes"));
  }

  /**
   * Envelopes are decoded before their signature is checked, and the unprotected header is not
   * signed: unsigned bulk added to a valid envelope must hit a bound, not be decoded into a huge
   * tree (or a map with colliding keys, whose duplicate detection is quadratic) and then verify.
   */
  @Test
  void unsignedHeaderBulkIsBounded() throws Exception {
    byte[] valid = cose(h -> {});
    CborItem.Array msg = (CborItem.Array) io.ratify.notation.internal.cbor.CborReader.decode(valid);
    CborItem.CMap unprotected = (CborItem.CMap) msg.items().get(1);
    List<CborItem> zeros = new ArrayList<>();
    for (int i = 0; i < io.ratify.notation.internal.cbor.CborReader.MAX_ITEMS; i++) {
      zeros.add(CborWriter.integer(0));
    }
    Map<CborItem, CborItem> colliding = new LinkedHashMap<>();
    for (int i = 0; i <= io.ratify.notation.internal.cbor.CborReader.MAX_MAP_PAIRS; i++) {
      StringBuilder k = new StringBuilder();
      for (int j = 0; j < 7; j++) {
        k.append(((i >> j) & 1) == 0 ? "Aa" : "BB");
      }
      colliding.put(CborWriter.text(k.toString()), CborWriter.integer(0));
    }
    for (CborItem bulk : List.of(CborWriter.array(zeros), CborWriter.map(colliding))) {
      Map<CborItem, CborItem> u = new LinkedHashMap<>(unprotected.entries());
      u.put(CborWriter.text("acme.bulk"), bulk);
      List<CborItem> items = new ArrayList<>(msg.items());
      items.set(1, CborWriter.map(u));
      byte[] env = CborWriter.encode(CborWriter.tagged(18, CborWriter.array(items)));
      assertTrue(coseFailure(env).contains("is not valid CBOR"));
    }

    StringBuilder junk = new StringBuilder("\"acme.bulk\":[0");
    for (long i = 1; i < JwsDecoder.MAX_JSON_TOKENS; i++) {
      junk.append(",0");
    }
    junk.append("],");
    String jws =
        new String(EnvelopeFixtures.JWS, StandardCharsets.UTF_8)
            .replaceFirst(
                "\"header\":\\{",
                "\"header\":{" + java.util.regex.Matcher.quoteReplacement(junk.toString()));
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class,
            () ->
                Envelopes.parseAndVerify(
                    MediaTypes.JWS_ENVELOPE, jws.getBytes(StandardCharsets.UTF_8)));
    assertTrue(f.reason().contains("is not valid JSON"), f.reason());
  }

  private static byte[] rewriteUnprotected(byte[] env, CborItem x5chain) throws Exception {
    CborItem.Array msg = (CborItem.Array) io.ratify.notation.internal.cbor.CborReader.decode(env);
    Map<CborItem, CborItem> u = new LinkedHashMap<>();
    u.put(CborWriter.integer(33), x5chain);
    List<CborItem> items = new ArrayList<>(msg.items());
    items.set(1, CborWriter.map(u));
    return CborWriter.encode(CborWriter.tagged(18, CborWriter.array(items)));
  }
}
