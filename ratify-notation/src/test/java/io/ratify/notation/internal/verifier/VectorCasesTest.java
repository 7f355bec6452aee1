package io.ratify.notation.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.MediaTypes;
import io.ratify.api.Reference;
import io.ratify.api.Store;
import io.ratify.api.VerificationResult;
import io.ratify.api.Verifier;
import io.ratify.api.testing.junit.SharedFolders;
import io.ratify.notation.TestContext;
import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import io.ratify.notation.internal.envelope.Envelopes;
import io.ratify.notation.internal.envelope.Payload;
import io.ratify.notation.internal.envelope.SignedEnvelope;
import io.ratify.oras.OciLayoutStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every case of {@code vectors/cases.json}: upstream signatures (made by notation) verify, or fail
 * on the check upstream says, through the public factory and a real store over OCI layouts. The
 * clock is pinned to 2025-06-01, inside every trust anchor's validity and after every expiry the
 * cases rely on.
 */
class VectorCasesTest {
  static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");
  static final String MOCK = "notation-go/internal/mock/testdata/";
  static final String NG_STORE = "notation-go/verifier/testdata";
  static final String MOCK_REF =
      "registry.acme-rockets.io/software/net-monitor@sha256:60043cf45eaebc4c0867fea485a039b598f52fd09fd5b07b0b2d2f88fad9d74e";
  static final Set<String> COVERED = new HashSet<>();

  @TempDir static Path tmp;
  static Map<String, Object> cases;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void load() throws IOException {
    cases = new ObjectMapper().readValue(SharedFolders.vectors("cases.json").toFile(), Map.class);
  }

  @AfterAll
  static void everyCaseIsCovered() {
    if (cases == null) {
      return;
    }
    Set<String> ids = new TreeSet<>();
    for (Object c : (List<?>) cases.get("cases")) {
      ids.add((String) ((Map<?, ?>) c).get("id"));
    }
    assertEquals(ids, new TreeSet<>(COVERED), "every case of cases.json has a test");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> policy(String name, String level) {
    Map<String, Object> p =
        Harness.copy((Map<String, Object>) ((Map<String, Object>) cases.get("policies")).get(name));
    Map<String, Object> st = ((List<Map<String, Object>>) p.get("trustPolicies")).get(0);
    ((Map<String, Object>) st.get("signatureVerification")).put("level", level);
    return p;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> statement(Map<String, Object> policy) {
    return ((List<Map<String, Object>>) policy.get("trustPolicies")).get(0);
  }

  static Descriptor descriptor(String mediaType, String digest, long size) throws Exception {
    return Descriptor.of(mediaType, Digest.parse(digest), size);
  }

  static final Descriptor MOCK_DESC =
      descriptorUnchecked(
          MediaTypes.DOCKER_MANIFEST,
          "sha256:60043cf45eaebc4c0867fea485a039b598f52fd09fd5b07b0b2d2f88fad9d74e",
          528);

  static Descriptor descriptorUnchecked(String mt, String d, long size) {
    try {
      return descriptor(mt, d, size);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static VerificationResult verifyMock(String file, Map<String, Object> policy) throws Exception {
    Verifier v =
        Harness.verifier(
            new TestContext(NOW, tmp),
            policy,
            List.of(SharedFolders.vectors(NG_STORE).toString()),
            Map.of());
    return Harness.verifyEnvelope(
        v,
        tmp,
        MOCK_REF,
        MOCK_DESC,
        MediaTypes.JWS_ENVELOPE,
        Files.readAllBytes(SharedFolders.vectors(MOCK + file)));
  }

  static Stream<Arguments> schemesAndLevels() {
    return Stream.of("ca", "sa")
        .flatMap(s -> Stream.of("strict", "permissive", "audit").map(l -> Arguments.of(s, l)));
  }

  static void assertFailure(VerificationResult r, Check check, String reasonPart) {
    assertFalse(r.success(), () -> "expected a failure, got " + r);
    assertEquals(Optional.of(check.code()), r.errorCode(), () -> r.toString());
    assertEquals(check.policyName(), r.extensions().get("failedCheck"));
    assertTrue(
        r.errorReason().orElseThrow().contains(reasonPart), () -> "reason: " + r.errorReason());
    assertTrue(r.remediation().isPresent());
  }

  static void assertSuccessWithWarning(VerificationResult r, String warningPart) {
    assertTrue(r.success(), () -> "expected success, got " + r);
    List<?> warnings = (List<?>) r.extensions().get("warnings");
    assertTrue(
        warnings != null && warnings.stream().anyMatch(w -> ((String) w).contains(warningPart)),
        () -> "warnings " + warnings + " lack " + warningPart);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("schemesAndLevels")
  void ngMockValid(String scheme, String level) throws Exception {
    COVERED.addAll(List.of("ng-mock-ca-valid", "ng-mock-sa-valid"));
    VerificationResult r =
        verifyMock(scheme + "_valid_sig_env.json", policy("NG_DUMMY_OCI", level));
    assertTrue(r.success(), r::toString);
    assertEquals(VerificationResultMessages.SUCCESS, r.message());
    assertEquals(
        "CN=Notation Test Root,O=Notary,L=Seattle,ST=WA,C=US", r.extensions().get("Issuer"));
    assertEquals("CN=Notation Test Root,O=Notary,L=Seattle,ST=WA,C=US", r.extensions().get("SN"));
    assertEquals(
        scheme.equals("ca") ? "notary.x509" : "notary.x509.signingAuthority",
        r.extensions().get("signingScheme"));
    assertEquals("2020-11-09T07:00:00Z", r.extensions().get("signingTime"));
    assertEquals("test-statement-name", r.extensions().get("trustPolicy"));
    assertFalse(r.extensions().containsKey("warnings"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("schemesAndLevels")
  void ngMockInvalid(String scheme, String level) throws Exception {
    COVERED.addAll(List.of("ng-mock-ca-invalid", "ng-mock-sa-invalid"));
    VerificationResult r =
        verifyMock(scheme + "_invalid_sig_env.json", policy("NG_DUMMY_OCI", level));
    assertFailure(r, Check.INTEGRITY, "");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("schemesAndLevels")
  void ngMockExpired(String scheme, String level) throws Exception {
    COVERED.addAll(List.of("ng-mock-ca-expired", "ng-mock-sa-expired"));
    VerificationResult r =
        verifyMock(scheme + "_expired_sig_env.json", policy("NG_DUMMY_OCI", level));
    String reason = "digital signature has expired on \"Fri, 29 Jul 2022 23:59:00 +0000\"";
    if (level.equals("strict")) {
      assertFailure(r, Check.EXPIRY, reason);
    } else {
      assertSuccessWithWarning(r, "expiry was set to \"log\" and failed with error: " + reason);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("schemesAndLevels")
  void ngMockUntrustedStore(String scheme, String level) throws Exception {
    COVERED.add("ng-mock-untrusted-store");
    Map<String, Object> p = policy("NG_DUMMY_OCI", level);
    statement(p)
        .put(
            "trustStores",
            List.of("ca:valid-trust-store-2", "signingAuthority:valid-trust-store-2"));
    VerificationResult r = verifyMock(scheme + "_valid_sig_env.json", p);
    String reason = "the signature's certificate chain does not contain any trusted certificate";
    if (level.equals("audit")) {
      assertSuccessWithWarning(r, reason);
    } else {
      assertFailure(r, Check.AUTHENTICITY, reason);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("schemesAndLevels")
  void ngMockIdentityMismatch(String scheme, String level) throws Exception {
    COVERED.add("ng-mock-identity-mismatch");
    Map<String, Object> p = policy("NG_DUMMY_OCI", level);
    statement(p)
        .put("trustedIdentities", List.of("x509.subject:CN=LOL,O=DummyOrg,L=Hyderabad,ST=TG,C=IN"));
    VerificationResult r = verifyMock(scheme + "_valid_sig_env.json", p);
    String reason =
        "signing certificate from the digital signature does not match the X.509 trusted identities"
            + " [map[\"C\":\"IN\" \"CN\":\"LOL\" \"L\":\"Hyderabad\" \"O\":\"DummyOrg\" \"ST\":\"TG\"]] defined in the trust policy"
            + " \"test-statement-name\"";
    if (level.equals("audit")) {
      assertSuccessWithWarning(r, "authenticity was set to \"log\"");
      assertSuccessWithWarning(r, reason);
    } else {
      assertFailure(r, Check.TRUSTED_IDENTITY, reason);
    }
  }

  @Test
  void ngMockTrustStoreMissingSeparatorIsRefusedUpFront() {
    COVERED.add("ng-mock-truststore-missing-separator");
    Map<String, Object> p = policy("NG_DUMMY_OCI", "strict");
    statement(p).put("trustStores", List.of("ca:valid-trust-store-2", "signingAuthority"));
    io.ratify.api.RatifyException e =
        assertThrows(
            io.ratify.api.RatifyException.class,
            () ->
                Harness.verifier(
                    new TestContext(NOW, tmp),
                    p,
                    List.of(SharedFolders.vectors(NG_STORE).toString()),
                    Map.of()));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    assertTrue(
        e.getMessage().contains("has malformed trust store value \"signingAuthority\""),
        e.getMessage());
    assertTrue(e.getMessage().contains("parameters.trustPolicyDoc"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ca_plugin_sig_env.json", "sa_plugin_sig_env.json"})
  void ngMockPluginSignaturesFailWithoutPluginSupport(String file) throws Exception {
    COVERED.add("ng-mock-plugin");
    for (String level : List.of("strict", "audit")) {
      VerificationResult r = verifyMock(file, policy("NG_DUMMY_OCI", level));
      assertFalse(r.success(), r::toString);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.9", "1.0.0-alpha", "1.0.0-alpha.beta", "1.0.0"})
  void ngMockPluginVersionsFailWithoutPluginSupport(String version) throws Exception {
    COVERED.add("ng-mock-pluginver");
    for (String kind : List.of("compatible", "incompatible")) {
      String file =
          "ca_"
              + kind
              + "_pluginver_sig_env_"
              + (kind.equals("compatible") ? version : incompatible(version))
              + ".json";
      Verifier v =
          Harness.verifier(
              new TestContext(NOW, tmp),
              policy("NG_PLUGINVER_OCI", "strict"),
              List.of(SharedFolders.vectors(NG_STORE).toString()),
              Map.of());
      VerificationResult r =
          Harness.verifyEnvelope(
              v,
              tmp,
              "localhost:5000/net-monitor@sha256:fe7e9333395060c2f5e63cf36a38fba10176f183b4163a5794e081a480abba5f",
              descriptor(
                  MediaTypes.DOCKER_MANIFEST,
                  "sha256:fe7e9333395060c2f5e63cf36a38fba10176f183b4163a5794e081a480abba5f",
                  942),
              MediaTypes.JWS_ENVELOPE,
              Files.readAllBytes(SharedFolders.vectors(MOCK + file)));
      assertFalse(r.success(), file + ": " + r);
    }
  }

  private static String incompatible(String compatible) {
    return switch (compatible) {
      case "0.0.9" -> "1.0.9";
      case "1.0.0-alpha" -> "1.0.1";
      case "1.0.0-alpha.beta" -> "1.2.3";
      default -> "1.1.0-alpha";
    };
  }

  @Test
  void ngMockUserMetadataSignatureIsToleratedOnlyUnderAudit() throws Exception {
    COVERED.add("ng-mock-user-metadata");
    Descriptor subject =
        descriptor(
            MediaTypes.DOCKER_MANIFEST,
            "sha256:5a07385af4e6b6af81b0ebfd435aedccdfa3507f0609c658209e1aba57159b2b",
            942);
    for (String level : List.of("audit", "strict")) {
      Verifier v =
          Harness.verifier(
              new TestContext(NOW, tmp),
              policy("NG_DUMMY_OCI", level),
              List.of(SharedFolders.vectors(NG_STORE).toString()),
              Map.of());
      VerificationResult r =
          Harness.verifyEnvelope(
              v,
              tmp,
              MOCK_REF.replace(
                  "60043cf45eaebc4c0867fea485a039b598f52fd09fd5b07b0b2d2f88fad9d74e",
                  "5a07385af4e6b6af81b0ebfd435aedccdfa3507f0609c658209e1aba57159b2b"),
              subject,
              MediaTypes.JWS_ENVELOPE,
              Files.readAllBytes(SharedFolders.vectors(MOCK + "sig_env_with_metadata.json")));
      if (level.equals("audit")) {
        assertSuccessWithWarning(r, "authenticity was set to \"log\"");
        assertSuccessWithWarning(r, "authenticTimestamp was set to \"log\"");
      } else {
        assertFailure(r, Check.AUTHENTICITY, "does not contain any trusted certificate");
      }
    }
  }

  static Stream<Arguments> ociLayoutSignatures() {
    return Stream.of(
        Arguments.of("ng-oci-jws", "jws_signature.sig", MediaTypes.JWS_ENVELOPE),
        Arguments.of("ng-oci-cose", "cose_signature.sig", MediaTypes.COSE_ENVELOPE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ociLayoutSignatures")
  void ngOciLayoutSignatures(String id, String file, String mediaType) throws Exception {
    COVERED.add(id);
    Path store =
        Files.createDirectories(tmp.resolve("ng-oci/truststore/x509/ca/valid-trust-store"));
    Files.copy(
        SharedFolders.vectors("derived/notation-go/example_localVerify_cert.pem"),
        store.resolve("cert.pem"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Descriptor subject =
        descriptor(
            MediaTypes.OCI_MANIFEST,
            "sha256:19dbd2e48e921426ee8ace4dc892edfb2ecdc1d1a72d5416c83670c30acecef0",
            481);
    // The target manifest is the one in notation-go's layout.
    assertTrue(
        OciLayoutStore.open(SharedFolders.vectors("notation-go/internal/testdata/oci-layout"))
                .resolve(
                    Reference.parse("local/oci-layout@" + subject.digest()),
                    Deadline.after(Duration.ofSeconds(5)))
                .size()
            == 481);
    for (String scope : List.of("local/oci-layout", "*")) {
      Verifier v =
          Harness.verifier(
              new TestContext(NOW, tmp),
              Harness.policy(
                  scope, "strict", Map.of(), List.of("ca:valid-trust-store"), List.of("*")),
              List.of(tmp.resolve("ng-oci").toString()),
              Map.of());
      VerificationResult r =
          Harness.verifyEnvelope(
              v,
              tmp,
              "local/oci-layout@" + subject.digest(),
              subject,
              mediaType,
              Files.readAllBytes(SharedFolders.vectors("notation-go/internal/testdata/" + file)));
      assertTrue(r.success(), r::toString);
      assertEquals("CN=alpine,O=Notary,L=Seattle,ST=WA,C=US", r.extensions().get("SN"));
      assertEquals(mediaType, r.extensions().get("envelopeMediaType"));
    }
  }

  @Test
  @SuppressWarnings("unchecked") // the parsed document is a tree of plain maps
  void ngExampleLocalCose() throws Exception {
    COVERED.add("ng-example-local-cose");
    Path store =
        Files.createDirectories(tmp.resolve("ng-example/truststore/x509/ca/valid-trust-store"));
    Files.copy(
        SharedFolders.vectors("derived/notation-go/example_localVerify_cert.pem"),
        store.resolve("cert.pem"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Map<String, Object> p =
        Harness.copy(
            (Map<String, Object>) ((Map<?, ?>) cases.get("policies")).get("NG_EXAMPLE_LOCAL"));
    Verifier v =
        Harness.verifier(
            new TestContext(NOW, tmp), p, List.of(tmp.resolve("ng-example").toString()), Map.of());
    Descriptor subject =
        descriptor(
            MediaTypes.DOCKER_MANIFEST,
            "sha256:c0d488a800e4127c334ad20d61d7bc21b4097540327217dfab52262adc02380c",
            528);
    VerificationResult r =
        Harness.verifyEnvelope(
            v,
            tmp,
            "example/software@" + subject.digest(),
            subject,
            MediaTypes.COSE_ENVELOPE,
            Files.readAllBytes(
                SharedFolders.vectors("derived/notation-go/example_localVerify.cose.sig")));
    assertTrue(r.success(), r::toString);
    // A different subject is refused: the payload must describe the subject exactly.
    Descriptor other =
        descriptor(
            MediaTypes.DOCKER_MANIFEST,
            "sha256:c0d488a800e4127c334ad20d61d7bc21b4097540327217dfab52262adc02380c",
            529);
    assertFailure(
        Harness.verifyEnvelope(
            v,
            tmp,
            "example/software@" + other.digest(),
            other,
            MediaTypes.COSE_ENVELOPE,
            Files.readAllBytes(
                SharedFolders.vectors("derived/notation-go/example_localVerify.cose.sig"))),
        Check.INTEGRITY,
        "content descriptor mismatch");
  }

  /**
   * Blob signatures are outside an OCI referrer verifier; their envelopes and payload digests are
   * checked here.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "ng-blob-testsig:verifier_test.testSig.jws.sig",
        "ng-example-blob:example_verifyBlob.jws.sig"
      })
  void blobSignaturesVerifyAgainstTheBlob(String idAndFile) throws Exception {
    String[] parts = idAndFile.split(":");
    COVERED.add(parts[0]);
    byte[] blob = Files.readAllBytes(SharedFolders.vectors("derived/notation-go/example-blob.bin"));
    SignedEnvelope e =
        Envelopes.parseAndVerify(
            MediaTypes.JWS_ENVELOPE,
            Files.readAllBytes(SharedFolders.vectors("derived/notation-go/" + parts[1])));
    Payload p = Payload.parse(e.payload());
    assertEquals(Digest.of(e.algorithm().ociDigestAlgorithm(), blob), p.digest());
    assertEquals(blob.length, p.size());
  }

  @Test
  void malformedSignatureFailsIntegrity() throws Exception {
    COVERED.add("e2e-malformed");
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class,
            () ->
                Envelopes.parseAndVerify(
                    MediaTypes.JWS_ENVELOPE,
                    Files.readAllBytes(
                        SharedFolders.vectors(
                            "notation/test/e2e/testdata/signatures/malformed.jws.sig"))));
    assertEquals(Check.INTEGRITY, f.check());
  }

  // ---- notation CLI e2e layouts ----

  static final String LAYOUTS = "notation/test/e2e/testdata/registry/oci_layout/";
  static final String POLICIES = "notation/test/e2e/testdata/config/trustpolicies/";

  static VerificationResult e2e(String layout, String policyFile, String cert) throws Exception {
    Path root = tmp.resolve("e2e-" + cert);
    Path store = Files.createDirectories(root.resolve("truststore/x509/ca/e2e"));
    if (!Files.exists(store.resolve(cert))) {
      Files.copy(
          SharedFolders.vectors("notation/test/e2e/testdata/config/localkeys/" + cert),
          store.resolve(cert));
    }
    Verifier v =
        Harness.verifier(
            new TestContext(NOW, tmp),
            SharedFolders.vectors(POLICIES + policyFile).toString(),
            List.of(root.toString()),
            Map.of());
    List<VerificationResult> results =
        Harness.verifyLayout(v, SharedFolders.vectors(LAYOUTS + layout), "localhost:5000/e2e:v1");
    assertEquals(1, results.size());
    return results.get(0);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "trustpolicy.json",
        "permissive_trustpolicy.json",
        "audit_trustpolicy.json",
        "override_strict_trustpolicy.json",
        "override_permissive_trustpolicy.json",
        "override_audit_trustpolicy.json",
        "multi_statements_with_wildcard_registry_scope_trustpolicy.json",
        "valid_trusted_identity_trustpolicy.json",
        "multiple_trusted_identity_trustpolicy.json",
        "overlapped_trust_store_trustpolicy.json"
      })
  void e2eValid(String policyFile) throws Exception {
    COVERED.add("e2e-valid");
    VerificationResult r = e2e("e2e-valid-signature", policyFile, "e2e.crt");
    assertTrue(r.success(), r::toString);
    assertEquals("CN=e2e,O=Notary,L=Seattle,ST=WA,C=US", r.extensions().get("SN"));
  }

  @Test
  void e2eValidOutsideEveryScopeOrWithBrokenPolicyContent() throws Exception {
    assertEquals(
        Optional.of(ErrorCode.TRUST_POLICY_INVALID),
        e2e("e2e-valid-signature", "invalid_registry_scope_trustpolicy.json", "e2e.crt")
            .errorCode());
    assertFailure(
        e2e("e2e-valid-signature", "invalid_trust_store_trustpolicy.json", "e2e.crt"),
        Check.AUTHENTICITY,
        "the trust store \"invalid_store\" of type \"ca\" does not exist");
    assertFailure(
        e2e("e2e-valid-signature", "invalid_trusted_identity_trustpolicy.json", "e2e.crt"),
        Check.TRUSTED_IDENTITY,
        "signing certificate from the digital signature does not match the X.509 trusted identities");
    assertTrue(e2e("e2e-valid-signature", "skip_trustpolicy.json", "e2e.crt").success());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "trustpolicy.json:FAIL",
        "permissive_trustpolicy.json:FAIL",
        "audit_trustpolicy.json:LOG",
        "override_strict_trustpolicy.json:LOG",
        "override_permissive_trustpolicy.json:LOG",
        "override_audit_trustpolicy.json:FAIL"
      })
  void e2eValidWrongStore(String policyAndOutcome) throws Exception {
    COVERED.add("e2e-valid-wrong-store");
    String[] p = policyAndOutcome.split(":");
    VerificationResult r = e2e("e2e-valid-signature", p[0], "new_e2e.crt");
    String reason = "the signature's certificate chain does not contain any trusted certificate";
    if (p[1].equals("FAIL")) {
      assertFailure(r, Check.AUTHENTICITY, reason);
    } else {
      assertSuccessWithWarning(
          r, "authenticity was set to \"log\" and failed with error: " + reason);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "trustpolicy.json:FAIL",
        "permissive_trustpolicy.json:LOG",
        "audit_trustpolicy.json:LOG",
        "override_strict_trustpolicy.json:LOG",
        "override_permissive_trustpolicy.json:FAIL",
        "override_audit_trustpolicy.json:FAIL"
      })
  void e2eExpiredSignature(String policyAndOutcome) throws Exception {
    COVERED.add("e2e-expired-signature");
    String[] p = policyAndOutcome.split(":");
    VerificationResult r = e2e("e2e-expired-signature", p[0], "e2e.crt");
    if (p[1].equals("FAIL")) {
      assertFailure(
          r, Check.EXPIRY, "digital signature has expired on \"Tue, 27 Jun 2023 05:21:21 +0000\"");
    } else {
      assertSuccessWithWarning(
          r, "expiry was set to \"log\" and failed with error: digital signature has expired");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "trustpolicy.json",
        "permissive_trustpolicy.json",
        "audit_trustpolicy.json",
        "override_strict_trustpolicy.json"
      })
  void e2eInvalidSignature(String policyFile) throws Exception {
    COVERED.add("e2e-invalid-signature");
    assertFailure(
        e2e("e2e-invalid-signature", policyFile, "e2e.crt"),
        Check.INTEGRITY,
        "signature envelope format with media type \"application/vnd.oci.image.layer.v1.tar\" is not supported");
    VerificationResult skipped = e2e("e2e-invalid-signature", "skip_trustpolicy.json", "e2e.crt");
    assertTrue(skipped.success());
    assertEquals("skip", skipped.extensions().get("verificationLevel"));
  }

  @Test
  void e2eTimestampedSignature() throws Exception {
    COVERED.add("e2e-timestamped");
    Path layout = SharedFolders.vectors(LAYOUTS + "e2e-with-timestamped-signature");
    Store store = OciLayoutStore.open(layout);
    Deadline deadline = Deadline.after(Duration.ofSeconds(5));
    Descriptor subject = store.resolve(Reference.parse("localhost:5000/e2e:v1"), deadline);
    Descriptor sig =
        store
            .listReferrers(
                Reference.parse("localhost:5000/e2e@" + subject.digest()),
                Set.of(),
                Optional.empty(),
                deadline)
            .referrers()
            .get(0);
    byte[] envelope =
        store.fetchBlob(
            Reference.parse("localhost:5000/e2e:v1"),
            store
                .fetchManifest(Reference.parse("localhost:5000/e2e:v1"), sig, deadline)
                .layers()
                .get(0),
            deadline);
    List<java.security.cert.X509Certificate> chain =
        Envelopes.inspect(MediaTypes.JWS_ENVELOPE, envelope).chain();
    Path root = Files.createDirectories(tmp.resolve("ts/truststore/x509/ca/e2e"));
    Files.write(root.resolve("root.crt"), chain.get(chain.size() - 1).getEncoded());
    List<String> certs = List.of(tmp.resolve("ts").toString());
    TestContext ctx = new TestContext(NOW, tmp);

    // strict: the signature expired on 2025-01-21T12:39:46Z
    Verifier strict =
        Harness.verifier(
            ctx,
            Harness.policy("*", "strict", Map.of(), List.of("ca:e2e"), List.of("*")),
            certs,
            Map.of());
    assertFailure(
        Harness.verifyLayout(strict, layout, "localhost:5000/e2e:v1").get(0),
        Check.EXPIRY,
        "digital signature has expired");

    // expiry logged and a tsa store named: the timestamp is verified. The Microsoft TSA root it
    // chains to is in no upstream repository, so with another root (DigiCert, upstream's
    // deliberately wrong TSA root) the token's format, message imprint over the raw signature,
    // ESS binding and CMS signature pass and the chain then stops at the missing root.
    Path tsaStore = Files.createDirectories(tmp.resolve("ts/truststore/x509/tsa/e2e"));
    Files.copy(
        SharedFolders.vectors(
            "notation/test/e2e/testdata/config/timestamp/DigiCertTSARootSHA384.cer"),
        tsaStore.resolve("digicert.cer"));
    Verifier tsa =
        Harness.verifier(
            ctx,
            Harness.policy(
                "*", "strict", Map.of("expiry", "log"), List.of("ca:e2e", "tsa:e2e"), List.of("*")),
            certs,
            Map.of());
    assertFailure(
        Harness.verifyLayout(tsa, layout, "localhost:5000/e2e:v1").get(0),
        Check.AUTHENTIC_TIMESTAMP,
        "\"CN=Microsoft Public RSA Timestamping CA 2020,O=Microsoft Corporation,C=US\" is not issued"
            + " by a trusted tsa root (issuer \"CN=Microsoft Identity Verification Root Certificate"
            + " Authority 2020,O=Microsoft Corporation,C=US\"): x509: certificate signed by unknown"
            + " authority");
    // the token itself is over this envelope's signature, asserting 2025-01-21T09:17:46.641Z with
    // accuracy 500 ms, inside the e2e signing chain's validity
    SignedEnvelope parsed = Envelopes.parseAndVerify(MediaTypes.JWS_ENVELOPE, envelope);
    org.bouncycastle.tsp.TimeStampToken token =
        new org.bouncycastle.tsp.TimeStampToken(
            new org.bouncycastle.cms.CMSSignedData(parsed.timestampToken().orElseThrow()));
    assertEquals(
        java.time.Instant.parse("2025-01-21T09:17:46.641Z"),
        token.getTimeStampInfo().getGenTime().toInstant());
    assertArrayEquals(
        java.security.MessageDigest.getInstance("SHA-256").digest(parsed.signature()),
        token.getTimeStampInfo().getMessageImprintDigest());
  }

  @Test
  void e2eUnsignedHasNoSignatures() throws Exception {
    COVERED.add("e2e-unsigned");
    Verifier v =
        Harness.verifier(
            new TestContext(NOW, tmp),
            SharedFolders.vectors(POLICIES + "trustpolicy.json").toString(),
            List.of(),
            Map.of());
    assertTrue(
        Harness.verifyLayout(v, SharedFolders.vectors(LAYOUTS + "e2e"), "localhost:5000/e2e:v1")
            .isEmpty());
  }
}
