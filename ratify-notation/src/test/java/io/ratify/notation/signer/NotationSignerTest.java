package io.ratify.notation.signer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.notation.internal.envelope.Envelopes;
import io.ratify.notation.internal.envelope.Payload;
import io.ratify.notation.internal.envelope.SignatureAlgorithm;
import io.ratify.notation.internal.envelope.SignedEnvelope;
import io.ratify.notation.internal.envelope.SigningScheme;
import io.ratify.notation.internal.envelope.TestVectors;
import io.ratify.notation.testing.CertificateAuthority;
import io.ratify.notation.testing.CertificateProfile;
import io.ratify.notation.testing.IssuedCertificate;
import io.ratify.notation.testing.KeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NotationSignerTest {
  static final Descriptor TARGET =
      Descriptor.of(
          MediaTypes.OCI_MANIFEST,
          new Digest("sha256", "b8479de3f88fb259a0a9ea82a5b2a052a1ef3c4ebbcfc61482d5ae4c831f8af9"),
          517);
  static final Map<KeySpec, IssuedCertificate> LEAVES = new EnumMap<>(KeySpec.class);
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void pki() {
    CertificateAuthority root =
        CertificateAuthority.root("CN=Test Root,O=Notary,ST=WA,C=US", KeySpec.EC_P384);
    CertificateAuthority intermediate =
        root.intermediate("CN=Test Intermediate,O=Notary,ST=WA,C=US", KeySpec.EC_P256);
    for (KeySpec spec :
        List.of(
            KeySpec.RSA_2048,
            KeySpec.RSA_3072,
            KeySpec.RSA_4096,
            KeySpec.EC_P256,
            KeySpec.EC_P384,
            KeySpec.EC_P521)) {
      LEAVES.put(
          spec, intermediate.codeSigningLeaf("CN=leaf " + spec + ",O=Notary,ST=WA,C=US", spec));
    }
  }

  static Stream<Arguments> matrix() {
    Map<KeySpec, SignatureAlgorithm> expected =
        Map.of(
            KeySpec.RSA_2048,
            SignatureAlgorithm.PS256,
            KeySpec.RSA_3072,
            SignatureAlgorithm.PS384,
            KeySpec.RSA_4096,
            SignatureAlgorithm.PS512,
            KeySpec.EC_P256,
            SignatureAlgorithm.ES256,
            KeySpec.EC_P384,
            SignatureAlgorithm.ES384,
            KeySpec.EC_P521,
            SignatureAlgorithm.ES512);
    Stream.Builder<Arguments> b = Stream.builder();
    for (KeySpec spec : expected.keySet()) {
      for (EnvelopeFormat f : EnvelopeFormat.values()) {
        for (SigningScheme s : SigningScheme.values()) {
          b.add(Arguments.of(spec, f, s, expected.get(spec)));
        }
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("matrix")
  void roundTripsForEveryAlgorithmFormatAndScheme(
      KeySpec spec, EnvelopeFormat format, SigningScheme scheme, SignatureAlgorithm alg)
      throws Exception {
    IssuedCertificate leaf = LEAVES.get(spec);
    Clock clock = Clock.fixed(Instant.now().plusMillis(700), ZoneOffset.UTC);
    NotationSigner signer =
        NotationSigner.builder()
            .privateKey(leaf.privateKey())
            .certificateChain(leaf.chain())
            .format(format)
            .signingAuthority(scheme == SigningScheme.X509_SIGNING_AUTHORITY)
            .clock(clock)
            .build();
    Instant expiry = clock.instant().plus(Duration.ofDays(1));
    byte[] env = signer.sign(TARGET, Map.of("buildId", "42"), Optional.of(expiry));

    SignedEnvelope v = Envelopes.parseAndVerify(format.mediaType(), env);
    assertEquals(alg, v.algorithm());
    assertEquals(scheme.value(), v.signingScheme().value());
    assertEquals(3, v.certificateChain().size());
    Instant signed = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    assertEquals(signed, v.claimedSigningTime().orElseThrow());
    assertEquals(scheme == SigningScheme.X509, v.signingTime().isPresent());
    assertEquals(
        expiry.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), v.expiry().orElseThrow());
    assertEquals(Optional.of(NotationSigner.DEFAULT_SIGNING_AGENT), v.signingAgent());
    Payload p = Payload.parse(v.payload());
    assertTrue(p.matches(TARGET));
    assertEquals(Map.of("buildId", "42"), p.annotations());
  }

  @Test
  void defaultSigningAgentNamesTheArtifactVersion() {
    String expected = System.getProperty("ratify.projectVersion");
    org.junit.jupiter.api.Assumptions.assumeTrue(expected != null, "run by Maven");
    assertEquals("ratify-java/" + expected, NotationSigner.DEFAULT_SIGNING_AGENT);
  }

  @Test
  void jwsPayloadKeysAreSortedAndCosePayloadKeepsStructOrder() throws Exception {
    IssuedCertificate leaf = LEAVES.get(KeySpec.EC_P256);
    for (EnvelopeFormat f : EnvelopeFormat.values()) {
      byte[] env =
          NotationSigner.builder()
              .privateKey(leaf.privateKey())
              .certificateChain(leaf.chain())
              .format(f)
              .build()
              .sign(TARGET, Map.of("b", "2", "a", "<&>"), Optional.empty());
      String payload =
          new String(
              Envelopes.parseAndVerify(f.mediaType(), env).payload(), StandardCharsets.UTF_8);
      String digest = TARGET.digest().toString();
      String annotations = "{\"a\":\"\\u003c\\u0026\\u003e\",\"b\":\"2\"}";
      String expected =
          f == EnvelopeFormat.JWS
              ? "{\"targetArtifact\":{\"annotations\":"
                  + annotations
                  + ",\"digest\":\""
                  + digest
                  + "\",\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"size\":517}}"
              : "{\"targetArtifact\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\""
                  + digest
                  + "\",\"size\":517,\"annotations\":"
                  + annotations
                  + "}}";
      assertEquals(expected, payload, f.name());
    }
  }

  /**
   * Signing with notation's published e2e test key gives the very payload notation wrote for the
   * e2e layout.
   */
  @Test
  void e2eKeyReproducesNotationPayloadAndHeaderShape() throws Exception {
    String dir = "notation/test/e2e/testdata/config/localkeys/";
    X509Certificate cert =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new java.io.ByteArrayInputStream(TestVectors.read(dir + "e2e.crt")));
    PrivateKey key = pkcs8(TestVectors.read(dir + "e2e.key"));
    Instant signingTime = Instant.parse("2023-06-27T05:30:33Z");
    byte[] ours =
        NotationSigner.builder()
            .privateKey(key)
            .certificateChain(List.of(cert))
            .clock(Clock.fixed(signingTime, ZoneOffset.UTC))
            .signingAgent(Optional.of("Notation/1.0.0"))
            .build()
            .sign(TARGET, Map.of(), Optional.empty());
    JsonNode theirs =
        JSON.readTree(
            TestVectors.read(
                "notation/test/e2e/testdata/registry/oci_layout/"
                    + "e2e-valid-signature/blobs/sha256/c9af07e038b2b1a463e648986ad7273157511ffeba0b689f33e5472bae471f50"));
    JsonNode mine = JSON.readTree(ours);
    assertEquals(theirs.get("payload"), mine.get("payload"));
    assertEquals(theirs.get("header"), mine.get("header"));
    // notation wrote the local offset (+08:00); this signer writes UTC, otherwise the header is
    // identical.
    String theirProtected =
        new String(
                Base64.getUrlDecoder().decode(theirs.get("protected").textValue()),
                StandardCharsets.UTF_8)
            .replace("2023-06-27T13:30:33+08:00", "2023-06-27T05:30:33Z");
    String myProtected =
        new String(
            Base64.getUrlDecoder().decode(mine.get("protected").textValue()),
            StandardCharsets.UTF_8);
    assertEquals(theirProtected, myProtected);
    assertEquals(List.of("payload", "protected", "header", "signature"), fieldNames(mine));
  }

  /** notation-core-go signature/jws/testdata/conformance.json: the protected header encoding. */
  @Test
  void jwsConformanceProtectedHeader() throws Exception {
    JsonNode conf =
        JSON.readTree(TestVectors.read("notation-core-go/signature/jws/testdata/conformance.json"));
    IssuedCertificate leaf = LEAVES.get(KeySpec.EC_P256);
    NotationSigner.Builder b =
        NotationSigner.builder()
            .privateKey(leaf.privateKey())
            .certificateChain(leaf.chain())
            .clock(Clock.fixed(Instant.parse("2022-08-29T13:50:00Z"), ZoneOffset.UTC))
            .signingAgent(Optional.of("NotationConformanceTest/1.0.0"))
            .validateChain(false)
            .extendedAttribute("signedCritKey1", "signedCritValue1", true);
    for (int i = 1; i <= 4; i++) {
      b.extendedAttribute("signedKey" + i, "signedValue1", false);
    }
    byte[] env =
        b.build().sign(TARGET, Map.of(), Optional.of(Instant.parse("2099-08-30T13:50:00Z")));
    JsonNode mine = JSON.readTree(env);
    assertEquals(conf.get("protected").textValue(), mine.get("protected").textValue());
    assertEquals(
        conf.get("header").get("io.cncf.notary.signingAgent"),
        mine.get("header").get("io.cncf.notary.signingAgent"));
  }

  /**
   * notation-core-go signature/cose/testdata/conformance.json: protected and unprotected header
   * bytes.
   */
  @Test
  void coseConformanceHeaders() throws Exception {
    JsonNode conf =
        JSON.readTree(
            TestVectors.read("notation-core-go/signature/cose/testdata/conformance.json"));
    IssuedCertificate leaf = LEAVES.get(KeySpec.RSA_3072);
    byte[] env =
        NotationSigner.builder()
            .privateKey(leaf.privateKey())
            .certificateChain(leaf.chain())
            .format(EnvelopeFormat.COSE)
            .clock(
                Clock.fixed(
                    Instant.ofEpochSecond(conf.get("signingTime").asLong()), ZoneOffset.UTC))
            .signingAgent(Optional.of("NotationConformanceTest/1.0.0"))
            .validateChain(false)
            .extendedAttribute("signedCritKey1", "signedCritValue1", true)
            .extendedAttribute("signedKey1", "signedValue1", false)
            .build()
            .sign(
                TARGET, Map.of(), Optional.of(Instant.ofEpochSecond(conf.get("expiry").asLong())));
    String hex = HexFormat.of().withUpperCase().formatHex(env);
    String protectedHex = conf.get("protectedHeaders").get("cborHex").textValue();
    // 18([bstr(protected) ...]): D2 84 59 0117 <protected>
    assertTrue(hex.startsWith("D284590117" + protectedHex), "protected header bytes differ");
    // The unprotected map: x5chain (label 33) first, then the signing agent, as go-cose sorts them.
    String agent = conf.get("unprotectedHeaders").get("cborHex").textValue().substring(2);
    assertTrue(hex.contains("A2182183"), "x5chain array of 3 first");
    assertTrue(hex.contains(agent), "signing agent entry");
  }

  @Test
  void refusesWhatNotationRefuses() throws Exception {
    IssuedCertificate leaf = LEAVES.get(KeySpec.EC_P256);
    IssuedCertificate other = LEAVES.get(KeySpec.EC_P384);
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () ->
                NotationSigner.builder()
                    .privateKey(other.privateKey())
                    .certificateChain(leaf.chain())
                    .build());
    assertEquals(ErrorCode.KEY_INVALID, e.code());
    assertEquals(
        ErrorCode.KEY_INVALID,
        assertThrows(
                RatifyException.class,
                () -> NotationSigner.builder().certificateChain(leaf.chain()).build())
            .code());
    assertEquals(
        ErrorCode.CERT_INVALID,
        assertThrows(
                RatifyException.class,
                () ->
                    NotationSigner.builder()
                        .privateKey(leaf.privateKey())
                        .certificateChain(List.of())
                        .build())
            .code());
    // a chain without its root breaks the rules
    assertEquals(
        ErrorCode.CERT_INVALID,
        assertThrows(
                RatifyException.class,
                () ->
                    NotationSigner.builder()
                        .privateKey(leaf.privateKey())
                        .certificateChain(leaf.chain().subList(0, 2))
                        .build())
            .code());
    NotationSigner s =
        NotationSigner.builder()
            .privateKey(leaf.privateKey())
            .certificateChain(leaf.chain())
            .build();
    assertEquals(
        ErrorCode.BAD_REQUEST,
        assertThrows(
                RatifyException.class,
                () -> s.sign(TARGET, Map.of(), Optional.of(Instant.now().minusSeconds(5))))
            .code());
    assertEquals(
        ErrorCode.BAD_REQUEST,
        assertThrows(
                RatifyException.class,
                () ->
                    s.sign(
                        TARGET.withAnnotations(Map.of("k", "v")),
                        Map.of("k", "other"),
                        Optional.empty()))
            .code());
    // signing after the leaf expired is refused, as notation refuses it
    NotationSigner late =
        NotationSigner.builder()
            .privateKey(leaf.privateKey())
            .certificateChain(leaf.chain())
            .clock(Clock.fixed(Instant.now().plus(Duration.ofDays(400)), ZoneOffset.UTC))
            .build();
    assertEquals(
        ErrorCode.CERT_INVALID,
        assertThrows(RatifyException.class, () -> late.sign(TARGET, Map.of(), Optional.empty()))
            .code());
    assertThrows(
        RatifyException.class,
        () ->
            NotationSigner.builder()
                .privateKey(leaf.privateKey())
                .certificateChain(leaf.chain())
                .extendedAttribute("io.cncf.notary.expiry", "x", false)
                .build());
  }

  @Test
  void unsupportedKeysAreRefused() throws Exception {
    CertificateAuthority root =
        CertificateAuthority.root("CN=R,O=Notary,ST=WA,C=US", KeySpec.EC_P256);
    for (KeyPair bad :
        List.of(
            weakKeyPair("RSA", new RSAKeyGenParameterSpec(1024, RSAKeyGenParameterSpec.F4)),
            weakKeyPair("EC", new ECGenParameterSpec("secp224r1")))) {
      IssuedCertificate leaf =
          root.issue(CertificateProfile.codeSigningLeaf("CN=bad,O=Notary,ST=WA,C=US"), bad);
      RatifyException e =
          assertThrows(
              RatifyException.class,
              () ->
                  NotationSigner.builder()
                      .privateKey(leaf.privateKey())
                      .certificateChain(leaf.chain())
                      .validateChain(false)
                      .build());
      assertEquals(ErrorCode.KEY_INVALID, e.code());
    }
  }

  /** A key the Notary Project refuses (the JDK no longer offers P-224: BouncyCastle makes it). */
  private static KeyPair weakKeyPair(String algorithm, AlgorithmParameterSpec spec)
      throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm, new BouncyCastleProvider());
    g.initialize(spec);
    return g.generateKeyPair();
  }

  static PrivateKey pkcs8(byte[] pem) throws Exception {
    String b64 =
        new String(pem, StandardCharsets.US_ASCII)
            .replaceAll("-----[A-Z ]+-----", "")
            .replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new java.util.ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
