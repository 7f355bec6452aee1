package io.ratify.notation.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.ErrorCode;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.Store;
import io.ratify.api.VerificationResult;
import io.ratify.api.Verifier;
import io.ratify.api.VerifyRequest;
import io.ratify.api.testing.DerMutations;
import io.ratify.api.testing.DerMutations.LengthForm;
import io.ratify.api.testing.junit.SharedFolders;
import io.ratify.core.testing.LayoutWriter;
import io.ratify.notation.TestContext;
import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.envelope.SigningScheme;
import io.ratify.notation.internal.truststore.CertificateFiles;
import io.ratify.notation.signer.EnvelopeFormat;
import io.ratify.notation.signer.ManifestForm;
import io.ratify.notation.signer.NotationSigner;
import io.ratify.notation.signer.SignatureManifest;
import io.ratify.notation.signer.SignatureManifests;
import io.ratify.notation.testing.CertificateAuthority;
import io.ratify.notation.testing.CertificateProfile;
import io.ratify.notation.testing.IssuedCertificate;
import io.ratify.notation.testing.KeySpec;
import io.ratify.oras.OciLayoutStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Signatures made with this project's signer (every case the upstream vectors lack): all key types,
 * intermediates, the signing-authority scheme with COSE, identities, levels and overrides,
 * revocation endpoints, timestamp policies, and the seed configuration's shape (trust store filled
 * from a key management provider).
 */
class GeneratedSignaturesTest {
  // one instant for the whole class: every certificate and signature of a run is dated from it
  @SuppressWarnings("TimeInStaticInitializer")
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  static final String REPO = "registry.example.com/acme/app";
  static final String SUBJECT_DN = "CN=signer,O=Acme,L=Seattle,ST=WA,C=US";
  static final Map<KeySpec, IssuedCertificate> LEAVES = new EnumMap<>(KeySpec.class);

  @TempDir static Path tmp;
  static CertificateAuthority root;
  static CertificateAuthority intermediate;
  static IssuedCertificate leaf;

  @BeforeAll
  static void pki() {
    root = CertificateAuthority.root("CN=Acme Root,O=Acme,ST=WA,C=US", KeySpec.RSA_3072);
    intermediate = root.intermediate("CN=Acme Intermediate,O=Acme,ST=WA,C=US", KeySpec.EC_P384);
    leaf = intermediate.codeSigningLeaf(SUBJECT_DN, KeySpec.EC_P256);
  }

  /** A target image plus its signature in a fresh layout. */
  record Signed(LayoutWriter layout, Descriptor target, byte[] envelope) {
    VerificationResult verify(Verifier v) throws RatifyException {
      List<VerificationResult> r =
          Harness.verifyLayout(v, layout.dir(), REPO + "@" + target.digest());
      assertEquals(1, r.size());
      return r.get(0);
    }
  }

  static Signed sign(
      IssuedCertificate signerCert,
      EnvelopeFormat format,
      SigningScheme scheme,
      Optional<Instant> expiry,
      Instant signingTime,
      ManifestForm form)
      throws Exception {
    NotationSigner signer =
        NotationSigner.builder()
            .privateKey(signerCert.privateKey())
            .certificateChain(signerCert.chain())
            .format(format)
            .signingAuthority(scheme == SigningScheme.X509_SIGNING_AUTHORITY)
            .clock(Clock.fixed(signingTime, ZoneOffset.UTC))
            .validateChain(false)
            .build();
    return signWith(tmp, signer, expiry, form);
  }

  /** Signs a fresh target image with {@code signer} into a fresh layout under {@code dir}. */
  static Signed signWith(Path dir, NotationSigner signer) throws Exception {
    return signWith(dir, signer, Optional.empty(), ManifestForm.LEGACY);
  }

  static Signed signWith(
      Path dir, NotationSigner signer, Optional<Instant> expiry, ManifestForm form)
      throws Exception {
    EnvelopeFormat format = signer.format();
    LayoutWriter w = new LayoutWriter(Files.createTempDirectory(dir, "layout"));
    Descriptor target =
        Harness.image(w, ("hello " + System.nanoTime()).getBytes(StandardCharsets.US_ASCII));
    byte[] envelope = signer.sign(target, Map.of(), expiry);
    SignatureManifest sm = SignatureManifests.build(target, envelope, format, form);
    w.blob(sm.configDescriptor().mediaType(), sm.configBytes());
    w.blob(signer.mediaType(), envelope);
    w.manifest(sm.manifestBytes());
    return new Signed(w, target, envelope);
  }

  static Signed sign(IssuedCertificate cert, EnvelopeFormat format) throws Exception {
    return sign(cert, format, SigningScheme.X509, Optional.empty(), NOW, ManifestForm.LEGACY);
  }

  /** A notation trust-store layout with {@code cert} as {@code <type>:<name>}. */
  static String store(String type, String name, X509Certificate cert) throws Exception {
    Path dir = Files.createTempDirectory(tmp, "ts");
    Path s = Files.createDirectories(dir.resolve("truststore/x509").resolve(type).resolve(name));
    Files.write(s.resolve("anchor.der"), cert.getEncoded());
    return dir.toString();
  }

  static Verifier verifier(
      String level,
      Map<String, String> override,
      List<String> stores,
      List<String> identities,
      String... certPaths)
      throws RatifyException {
    return Harness.verifier(
        new TestContext(NOW, tmp),
        Harness.policy(REPO, level, override, stores, identities),
        List.of(certPaths),
        Map.of());
  }

  static void assertFailure(VerificationResult r, Check check, String reasonPart) {
    VectorCasesTest.assertFailure(r, check, reasonPart);
  }

  static Stream<Arguments> keySpecsAndFormats() {
    return Stream.of(
            KeySpec.RSA_2048,
            KeySpec.RSA_3072,
            KeySpec.RSA_4096,
            KeySpec.EC_P256,
            KeySpec.EC_P384,
            KeySpec.EC_P521)
        .flatMap(
            k -> Stream.of(EnvelopeFormat.JWS, EnvelopeFormat.COSE).map(f -> Arguments.of(k, f)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("keySpecsAndFormats")
  void everyKeyTypeWithAnIntermediateVerifies(KeySpec spec, EnvelopeFormat format)
      throws Exception {
    IssuedCertificate cert =
        LEAVES.computeIfAbsent(spec, k -> intermediate.codeSigningLeaf(SUBJECT_DN, k));
    Signed s =
        sign(
            cert,
            format,
            SigningScheme.X509,
            Optional.of(NOW.plus(Duration.ofDays(1))),
            NOW,
            format == EnvelopeFormat.JWS ? ManifestForm.LEGACY : ManifestForm.CURRENT);
    VerificationResult r =
        s.verify(
            verifier(
                "strict",
                Map.of(),
                List.of("ca:acme"),
                List.of("x509.subject:C=US,ST=WA,O=Acme"),
                store("ca", "acme", root.certificate())));
    assertTrue(r.success(), r::toString);
    assertEquals(SUBJECT_DN, r.extensions().get("SN"));
    assertEquals("CN=Acme Intermediate,O=Acme,ST=WA,C=US", r.extensions().get("Issuer"));
    assertEquals(format.mediaType(), r.extensions().get("envelopeMediaType"));
    assertEquals(NOW.toString(), r.extensions().get("signingTime"));
  }

  @Test
  void pinningAnIntermediateAuthenticatesButALeafIsNoTrustAnchor() throws Exception {
    Signed s = sign(leaf, EnvelopeFormat.JWS);
    assertTrue(
        s.verify(
                verifier(
                    "strict",
                    Map.of(),
                    List.of("ca:acme"),
                    List.of("*"),
                    store("ca", "acme", intermediate.certificate())))
            .success());
    // notation's trust store rule: only CA or self-signed certificates
    assertFailure(
        s.verify(
            verifier(
                "strict",
                Map.of(),
                List.of("ca:acme"),
                List.of("*"),
                store("ca", "acme", leaf.certificate()))),
        Check.AUTHENTICITY,
        "is not a CA certificate or self-signed signing certificate");
  }

  @Test
  void aTrustStoreFileThatBreaksTheJdkParserFailsAuthenticity() throws Exception {
    Path dir = Files.createTempDirectory(tmp, "ts");
    Path s = Files.createDirectories(dir.resolve("truststore/x509/ca/acme"));
    Files.write(s.resolve("anchor.der"), root.certificate().getEncoded());
    // Nested indefinite-length SEQUENCEs: the JDK's BER reader overflows the stack on them.
    byte[] deep = new byte[20_000];
    for (int i = 0; i < deep.length; i += 2) {
      deep[i] = 0x30;
      deep[i + 1] = (byte) 0x80;
    }
    Files.write(s.resolve("deep.der"), deep);
    assertFailure(
        sign(leaf, EnvelopeFormat.JWS)
            .verify(verifier("strict", Map.of(), List.of("ca:acme"), List.of("*"), dir.toString())),
        Check.AUTHENTICITY,
        "failed to read the trusted certificate deep.der in trust store acme of type ca");
  }

  /** Issue 8: a signing certificate re-encoded in BER (same signed content) must not verify. */
  @ParameterizedTest
  @EnumSource(EnvelopeFormat.class)
  void aReEncodedSigningCertificateFailsVerification(EnvelopeFormat format) throws Exception {
    byte[] der = leaf.certificate().getEncoded();
    String ts = store("ca", "acme", root.certificate());
    Verifier v = verifier("strict", Map.of(), List.of("ca:acme"), List.of("*"), ts);
    Descriptor target =
        Descriptor.of(MediaTypes.OCI_MANIFEST, io.ratify.api.Digest.sha256(der), der.length);
    assertTrue(envelopeWith(v, format, target, leaf.certificate()).success());
    byte[] longForm =
        DerMutations.withLength(der, DerMutations.elementCount(der) - 1, LengthForm.LONGER);
    byte[] unusedBits = DerMutations.withUnusedBits(der, DerMutations.signatureBitString(der), 1);
    for (byte[] reEncoded : List.of(longForm, unusedBits)) {
      assertFailure(envelopeWith(v, format, target, jdk(reEncoded)), Check.INTEGRITY, "not DER");
    }
  }

  /**
   * Signs {@code target} with {@code leaf}'s key, carrying {@code carried} as the signing
   * certificate, and verifies the envelope as the only signature of {@code target}.
   */
  private static VerificationResult envelopeWith(
      Verifier v, EnvelopeFormat format, Descriptor target, X509Certificate carried)
      throws Exception {
    List<X509Certificate> chain = new java.util.ArrayList<>(leaf.chain());
    chain.set(0, carried);
    byte[] envelope =
        NotationSigner.builder()
            .privateKey(leaf.privateKey())
            .certificateChain(chain)
            .format(format)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .validateChain(false)
            .build()
            .sign(target, Map.of(), Optional.empty());
    return Harness.verifyEnvelope(
        v, tmp, REPO + "@" + target.digest(), target, format.mediaType(), envelope);
  }

  /** Issue 8: a trust anchor re-encoded in BER is not read. */
  @Test
  void aReEncodedTrustAnchorIsNotRead() throws Exception {
    byte[] der = root.certificate().getEncoded();
    byte[] reEncoded = DerMutations.withLength(der, 1, LengthForm.LEADING_ZERO);
    Path dir = Files.createTempDirectory(tmp, "ts");
    Path s = Files.createDirectories(dir.resolve("truststore/x509/ca/acme"));
    Files.write(s.resolve("anchor.der"), reEncoded);
    assertFailure(
        sign(leaf, EnvelopeFormat.JWS)
            .verify(verifier("strict", Map.of(), List.of("ca:acme"), List.of("*"), dir.toString())),
        Check.AUTHENTICITY,
        "failed to read the trusted certificate anchor.der in trust store acme of type ca");
  }

  private static X509Certificate jdk(byte[] der) throws Exception {
    return (X509Certificate)
        java.security.cert.CertificateFactory.getInstance("X.509")
            .generateCertificate(new java.io.ByteArrayInputStream(der));
  }

  @Test
  void trustedIdentities() throws Exception {
    Signed s = sign(leaf, EnvelopeFormat.COSE);
    String ts = store("ca", "acme", root.certificate());
    assertTrue(
        s.verify(
                verifier(
                    "strict",
                    Map.of(),
                    List.of("ca:acme"),
                    List.of("x509.subject:C=US,S=WA,O=Acme,CN=signer"),
                    ts))
            .success(),
        "S is ST, subset match");
    assertTrue(
        s.verify(
                verifier(
                    "strict",
                    Map.of(),
                    List.of("ca:acme"),
                    List.of(
                        "x509.subject:C=US,ST=WA,O=Other",
                        "x509.subject:C=US,ST=WA,O=Acme,L=Seattle"),
                    ts))
            .success());
    assertFailure(
        s.verify(
            verifier(
                "strict",
                Map.of(),
                List.of("ca:acme"),
                List.of("x509.subject:C=US,ST=WA,O=acme"),
                ts)),
        Check.TRUSTED_IDENTITY,
        "does not match the X.509 trusted identities");
    assertFailure(
        s.verify(
            verifier(
                "strict", Map.of(), List.of("ca:acme"), List.of("plugin.identity:anything"), ts)),
        Check.TRUSTED_IDENTITY,
        "no x509 trusted identities are configured in the trust policy \"test-policy\"");
  }

  @Test
  void levelsAndOverrides() throws Exception {
    String wrongStore =
        store(
            "ca",
            "acme",
            CertificateAuthority.root("CN=Other,O=Other,ST=WA,C=US", KeySpec.EC_P256)
                .certificate());
    String rightStore = store("ca", "acme", root.certificate());
    Signed expired =
        sign(
            leaf,
            EnvelopeFormat.JWS,
            SigningScheme.X509,
            Optional.of(NOW.minus(Duration.ofMinutes(1))),
            NOW.minus(Duration.ofMinutes(2)),
            ManifestForm.LEGACY);
    List<String> ca = List.of("ca:acme");
    List<String> any = List.of("*");
    // permissive logs expiry, strict enforces it, and an override can turn it back to enforce
    assertFailure(
        expired.verify(verifier("strict", Map.of(), ca, any, rightStore)),
        Check.EXPIRY,
        "digital signature has expired");
    VectorCasesTest.assertSuccessWithWarning(
        expired.verify(verifier("permissive", Map.of(), ca, any, rightStore)),
        "expiry was set to \"log\"");
    assertFailure(
        expired.verify(verifier("permissive", Map.of("expiry", "enforce"), ca, any, rightStore)),
        Check.EXPIRY,
        "expired");
    // audit logs authenticity; permissive enforces it
    Signed fresh = sign(leaf, EnvelopeFormat.COSE);
    VectorCasesTest.assertSuccessWithWarning(
        fresh.verify(verifier("audit", Map.of(), ca, any, wrongStore)),
        "authenticity was set to \"log\"");
    assertFailure(
        fresh.verify(verifier("permissive", Map.of(), ca, any, wrongStore)),
        Check.AUTHENTICITY,
        "trusted certificate");
    assertFailure(
        fresh.verify(verifier("audit", Map.of("authenticity", "enforce"), ca, any, wrongStore)),
        Check.AUTHENTICITY,
        "trusted certificate");
    // skip verifies nothing
    Map<String, Object> skip = Harness.policy(REPO, "skip", Map.of(), List.of(), List.of());
    VerificationResult skipped =
        fresh.verify(Harness.verifier(new TestContext(NOW, tmp), skip, List.of(), Map.of()));
    assertTrue(skipped.success());
    assertFalse(skipped.extensions().containsKey("SN"));
  }

  @Test
  void expiredOrNotYetValidCertificates() throws Exception {
    CertificateProfile past =
        CertificateProfile.codeSigningLeaf(SUBJECT_DN).toBuilder()
            .validity(NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofDays(1)))
            .build();
    CertificateProfile future =
        CertificateProfile.codeSigningLeaf(SUBJECT_DN).toBuilder()
            .validity(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(10)))
            .build();
    String ts = store("ca", "acme", root.certificate());
    List<String> ca = List.of("ca:acme");
    Signed expired =
        sign(
            intermediate.issue(past, KeySpec.EC_P256),
            EnvelopeFormat.COSE,
            SigningScheme.X509,
            Optional.empty(),
            NOW.minus(Duration.ofDays(5)),
            ManifestForm.CURRENT);
    assertFailure(
        expired.verify(verifier("strict", Map.of(), ca, List.of("*"), ts)),
        Check.AUTHENTIC_TIMESTAMP,
        "verification time is after certificate \""
            + SUBJECT_DN
            + "\" validity period, it was expired at");
    VectorCasesTest.assertSuccessWithWarning(
        expired.verify(verifier("permissive", Map.of(), ca, List.of("*"), ts)),
        "authenticTimestamp was set to \"log\"");
    Signed early = sign(intermediate.issue(future, KeySpec.EC_P256), EnvelopeFormat.JWS);
    assertFailure(
        early.verify(verifier("strict", Map.of(), ca, List.of("*"), ts)),
        Check.AUTHENTIC_TIMESTAMP,
        "verification time is before certificate");
    // afterCertExpiry with an expired chain and a tsa store: the timestamp would have to be
    // verified
    assertFailure(
        expired.verify(
            Harness.verifier(
                new TestContext(NOW, tmp),
                timestampPolicy("afterCertExpiry"),
                List.of(ts),
                Map.of())),
        Check.AUTHENTIC_TIMESTAMP,
        "no timestamp countersignature was found in the signature envelope");
  }

  static Map<String, Object> timestampPolicy(String verifyTimestamp) {
    Map<String, Object> p =
        Harness.policy(REPO, "strict", Map.of(), List.of("ca:acme", "tsa:acme-tsa"), List.of("*"));
    @SuppressWarnings("unchecked")
    Map<String, Object> sv =
        (Map<String, Object>)
            ((List<Map<String, Object>>) p.get("trustPolicies"))
                .get(0)
                .get("signatureVerification");
    if (!verifyTimestamp.isEmpty()) {
      sv.put("verifyTimestamp", verifyTimestamp);
    }
    return p;
  }

  @Test
  void timestampVerificationIsTriggeredOnlyAsNotationTriggersIt() throws Exception {
    String ts = store("ca", "acme", root.certificate());
    Signed s = sign(leaf, EnvelopeFormat.JWS);
    for (String option : List.of("", "always")) {
      assertFailure(
          s.verify(
              Harness.verifier(
                  new TestContext(NOW, tmp), timestampPolicy(option), List.of(ts), Map.of())),
          Check.AUTHENTIC_TIMESTAMP,
          "no timestamp countersignature was found in the signature envelope");
    }
    // afterCertExpiry with a valid chain: no timestamp verification, the chain must simply be valid
    // now
    assertTrue(
        s.verify(
                Harness.verifier(
                    new TestContext(NOW, tmp),
                    timestampPolicy("afterCertExpiry"),
                    List.of(ts),
                    Map.of()))
            .success());
  }

  @ParameterizedTest
  @EnumSource(EnvelopeFormat.class)
  void signingAuthorityScheme(EnvelopeFormat format) throws Exception {
    Signed s =
        sign(
            leaf,
            format,
            SigningScheme.X509_SIGNING_AUTHORITY,
            Optional.empty(),
            NOW,
            ManifestForm.CURRENT);
    VerificationResult ok =
        s.verify(
            verifier(
                "strict",
                Map.of(),
                List.of("signingAuthority:sa"),
                List.of("*"),
                store("signingAuthority", "sa", root.certificate())));
    assertTrue(ok.success(), ok::toString);
    assertEquals("notary.x509.signingAuthority", ok.extensions().get("signingScheme"));
    // a ca store does not authenticate a signing-authority signature
    assertFailure(
        s.verify(
            verifier(
                "strict",
                Map.of(),
                List.of("ca:acme"),
                List.of("*"),
                store("ca", "acme", root.certificate()))),
        Check.AUTHENTICITY,
        "no trusted certificates are found to verify authenticity");
    // the authentic signing time must fall inside every certificate's validity
    Signed before =
        sign(
            leaf,
            format,
            SigningScheme.X509_SIGNING_AUTHORITY,
            Optional.empty(),
            leaf.certificate().getNotBefore().toInstant().minus(Duration.ofMinutes(5)),
            ManifestForm.LEGACY);
    assertFailure(
        before.verify(
            verifier(
                "strict",
                Map.of(),
                List.of("signingAuthority:sa"),
                List.of("*"),
                store("signingAuthority", "sa", root.certificate()))),
        Check.AUTHENTIC_TIMESTAMP,
        "was not valid when the digital signature was produced at");
  }

  @Test
  void revocationEndpointsAreNotSilentlyPassed() throws Exception {
    CertificateProfile withOcsp =
        CertificateProfile.codeSigningLeaf(SUBJECT_DN).toBuilder()
            .ocspUrls(List.of("http://127.0.0.1:9/ocsp"))
            .crlUrls(List.of("http://127.0.0.1:9/leaf.crl"))
            .build();
    Signed s = sign(intermediate.issue(withOcsp, KeySpec.EC_P256), EnvelopeFormat.COSE);
    String ts = store("ca", "acme", root.certificate());
    List<String> ca = List.of("ca:acme");
    assertFailure(
        s.verify(verifier("strict", Map.of(), ca, List.of("*"), ts)),
        Check.REVOCATION,
        "signing certificate with subject \"" + SUBJECT_DN + "\" revocation status is unknown");
    VectorCasesTest.assertSuccessWithWarning(
        s.verify(verifier("permissive", Map.of(), ca, List.of("*"), ts)),
        "revocation was set to \"log\" and failed with error: signing certificate with subject");
    VerificationResult skipped =
        s.verify(verifier("strict", Map.of("revocation", "skip"), ca, List.of("*"), ts));
    assertTrue(skipped.success());
    assertFalse(skipped.extensions().containsKey("warnings"));
    // the root is never checked, as in notation
    CertificateAuthority rootWithCrl =
        CertificateAuthority.root(
            CertificateProfile.ca("CN=CRL Root,O=Acme,ST=WA,C=US").toBuilder()
                .crlUrls(List.of("http://127.0.0.1:9/root.crl"))
                .build(),
            KeySpec.EC_P256);
    Signed s2 = sign(rootWithCrl.codeSigningLeaf(SUBJECT_DN, KeySpec.EC_P256), EnvelopeFormat.JWS);
    assertTrue(
        s2.verify(
                verifier(
                    "strict",
                    Map.of(),
                    ca,
                    List.of("*"),
                    store("ca", "acme", rootWithCrl.certificate())))
            .success());
  }

  // ---- the seed configuration's shape: trust store from a key management provider ----

  static Map<String, Object> seedPolicy() {
    Map<String, Object> st = new LinkedHashMap<>();
    st.put("name", "default");
    st.put("registryScopes", List.of("*"));
    st.put("signatureVerification", Map.of("level", "strict"));
    st.put("trustStores", List.of("ca:certs"));
    st.put("trustedIdentities", List.of("*"));
    return Map.of("version", "1.0", "trustPolicies", List.of(st));
  }

  @Test
  void seedConfigurationWithInlineProvider() throws Exception {
    Signed s = sign(leaf, EnvelopeFormat.JWS);
    TestContext trusting =
        new TestContext(NOW, tmp).withCertificates("certstore-inline", List.of(root.certificate()));
    List<Map<String, Object>> forms =
        List.of(
            Map.of("certs", List.of("certstore-inline")),
            Map.of("ca", Map.of("certs", List.of("certstore-inline"))));
    for (Map<String, Object> stores : forms) {
      VerificationResult r = s.verify(Harness.verifier(trusting, seedPolicy(), List.of(), stores));
      assertTrue(r.success(), r::toString);
      assertEquals(VerificationResultMessages.SUCCESS, r.message());
    }
    // The "Ratify Sample" certificate of the seed configuration does not sign our image.
    X509Certificate ratifySample =
        CertificateFiles.read(SharedFolders.vectors("ratify/test/testdata/notation.crt")).get(0);
    TestContext sample =
        new TestContext(NOW, tmp).withCertificates("certstore-inline", List.of(ratifySample));
    VerificationResult r =
        s.verify(
            Harness.verifier(
                sample, seedPolicy(), List.of(), Map.of("certs", List.of("certstore-inline"))));
    assertFailure(
        r,
        Check.AUTHENTICITY,
        "the signature's certificate chain does not contain any trusted certificate");
    assertEquals(Optional.of(ErrorCode.SIGNATURE_AUTHENTICITY_FAILURE), r.errorCode());
  }

  @Test
  void providerFailuresAreThrownNotPassed() throws Exception {
    Signed s = sign(leaf, EnvelopeFormat.JWS);
    TestContext failing =
        new TestContext(NOW, tmp)
            .withFailingProvider(
                "kv",
                new RatifyException(ErrorCode.KEY_VAULT_OPERATION_FAILURE, "vault unreachable"));
    Verifier v = Harness.verifier(failing, seedPolicy(), List.of(), Map.of("certs", List.of("kv")));
    RatifyException e = assertThrows(RatifyException.class, () -> s.verify(v));
    assertEquals(ErrorCode.KEY_VAULT_OPERATION_FAILURE, e.code());
    // even when the level would only log authenticity
    Map<String, Object> audit =
        Harness.policy("*", "audit", Map.of(), List.of("ca:certs"), List.of("*"));
    assertThrows(
        RatifyException.class,
        () ->
            s.verify(Harness.verifier(failing, audit, List.of(), Map.of("certs", List.of("kv")))));
    // a provider holding only a leaf certificate gives no trust anchor
    TestContext leafOnly =
        new TestContext(NOW, tmp).withCertificates("kv", List.of(leaf.certificate()));
    assertFailure(
        s.verify(
            Harness.verifier(leafOnly, seedPolicy(), List.of(), Map.of("certs", List.of("kv")))),
        Check.AUTHENTICITY,
        "no certificates usable as trust anchors");
    // an expired deadline stops before the provider is asked
    TestContext ok = new TestContext(NOW, tmp).withCertificates("kv", List.of(root.certificate()));
    Verifier okV = Harness.verifier(ok, seedPolicy(), List.of(), Map.of("certs", List.of("kv")));
    Store store = OciLayoutStore.open(s.layout().dir());
    Reference subject = Reference.parse(REPO + "@" + s.target().digest());
    Descriptor sig =
        store
            .listReferrers(
                subject,
                java.util.Set.of(),
                Optional.empty(),
                Deadline.after(Duration.ofSeconds(5)))
            .referrers()
            .get(0);
    RatifyException timeout =
        assertThrows(
            RatifyException.class,
            () ->
                okV.verify(
                    new VerifyRequest(
                        subject, s.target(), sig, store, Deadline.after(Duration.ZERO))));
    assertEquals(ErrorCode.TIMEOUT, timeout.code());
  }

  @Test
  void signatureManifestAndSubjectRules() throws Exception {
    Signed s = sign(leaf, EnvelopeFormat.JWS);
    Verifier v =
        verifier(
            "strict",
            Map.of(),
            List.of("ca:acme"),
            List.of("*"),
            store("ca", "acme", root.certificate()));
    Store store = OciLayoutStore.open(s.layout().dir());
    Reference subject = Reference.parse(REPO + "@" + s.target().digest());
    Deadline d = Deadline.after(Duration.ofSeconds(10));
    Descriptor sig =
        store.listReferrers(subject, java.util.Set.of(), Optional.empty(), d).referrers().get(0);
    Descriptor layer = store.fetchManifest(subject, sig, d).layers().get(0);
    // two layers
    Descriptor two = Harness.signatureWithLayers(s.layout(), s.target(), List.of(layer, layer));
    VerificationResult r = v.verify(new VerifyRequest(subject, s.target(), two, store, d));
    assertEquals(Optional.of(ErrorCode.MANIFEST_INVALID), r.errorCode());
    // unknown envelope media type
    byte[] envelope = store.fetchBlob(subject, layer, d);
    Descriptor odd =
        Harness.signature(s.layout(), s.target(), "application/octet-stream", envelope);
    assertFailure(
        v.verify(new VerifyRequest(subject, s.target(), odd, store, d)),
        Check.INTEGRITY,
        "signature envelope format with media type \"application/octet-stream\" is not supported");
    // a signature of another artifact
    Descriptor other =
        Descriptor.of(s.target().mediaType(), s.target().digest(), s.target().size() + 1);
    assertFailure(
        v.verify(new VerifyRequest(subject, other, sig, store, d)),
        Check.INTEGRITY,
        "content descriptor mismatch");
  }
}
