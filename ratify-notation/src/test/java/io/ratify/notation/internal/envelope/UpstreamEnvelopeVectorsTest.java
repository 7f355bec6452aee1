package io.ratify.notation.internal.envelope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Digest;
import io.ratify.api.MediaTypes;
import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The crypto-valid upstream envelopes pass the integrity check and the invalid ones fail it with
 * the reason notation gives (cases.json ids in the names). Full verification outcomes (trust,
 * expiry, levels) are the verifier's tests.
 */
class UpstreamEnvelopeVectorsTest {
  private static final String MOCK = "notation-go/internal/mock/testdata/";
  private static final String E2E = "notation/test/e2e/testdata/registry/oci_layout/";

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ng-mock-ca-valid, " + MOCK + "ca_valid_sig_env.json, application/jose+json, PS384, X509, 2",
    "ng-mock-sa-valid, "
        + MOCK
        + "sa_valid_sig_env.json, application/jose+json, PS384, X509_SIGNING_AUTHORITY, 2",
    "ng-mock-ca-expired, "
        + MOCK
        + "ca_expired_sig_env.json, application/jose+json, PS384, X509, 2",
    "ng-mock-sa-expired, "
        + MOCK
        + "sa_expired_sig_env.json, application/jose+json, PS384, X509_SIGNING_AUTHORITY, 2",
    "ng-mock-user-metadata, "
        + MOCK
        + "sig_env_with_metadata.json, application/jose+json, PS256, X509, 1",
    "ng-mock-pluginver-1.0.0, "
        + MOCK
        + "ca_compatible_pluginver_sig_env_1.0.0.json, application/jose+json, PS256, X509, 1",
    "ng-mock-pluginver-1.2.3, "
        + MOCK
        + "ca_incompatible_pluginver_sig_env_1.2.3.json, application/jose+json, PS256, X509, 1",
    "ng-oci-jws, notation-go/internal/testdata/jws_signature.sig, application/jose+json, PS256, X509, 1",
    "ng-oci-cose, notation-go/internal/testdata/cose_signature.sig, application/cose, PS256, X509, 1",
    "ng-blob-testsig, derived/notation-go/verifier_test.testSig.jws.sig, application/jose+json, PS384, X509, 1",
    "ng-example-blob, derived/notation-go/example_verifyBlob.jws.sig, application/jose+json, PS384, X509, 1",
    "ng-example-local-cose, derived/notation-go/example_localVerify.cose.sig, application/cose, PS256, X509, 1",
    "e2e-valid, "
        + E2E
        + "e2e-valid-signature/blobs/sha256/c9af07e038b2b1a463e648986ad7273157511ffeba0b689f33e5472bae471f50, application/jose+json, PS256, X509, 1",
    "e2e-expired-signature, "
        + E2E
        + "e2e-expired-signature/blobs/sha256/b5f927564088f65dad86c81bcdd0b55415a8b4c9a0a5391107210e0cdb305cc7, application/jose+json, PS256, X509, 1",
    "e2e-timestamped, "
        + E2E
        + "e2e-with-timestamped-signature/blobs/sha256/603ff134e97a79cd7a15560b76137c2c4a10451daab11327a7c6f86dac250fee, application/jose+json, PS256, X509, 1",
  })
  void cryptoValidVectorsVerify(
      String id,
      String path,
      String mediaType,
      SignatureAlgorithm alg,
      SigningScheme scheme,
      int chainLength)
      throws Exception {
    SignedEnvelope env = Envelopes.parseAndVerify(mediaType, TestVectors.read(path));
    assertEquals(alg, env.algorithm(), id);
    assertEquals(scheme, env.signingScheme(), id);
    assertEquals(chainLength, env.certificateChain().size(), id);
    assertEquals(MediaTypes.NOTARY_PAYLOAD, env.payloadContentType());
    assertTrue(env.claimedSigningTime().isPresent());
    Payload.parse(env.payload());
  }

  @Test
  void mockValidEnvelopeExposesHeaders() throws Exception {
    SignedEnvelope env =
        Envelopes.parseAndVerify(
            MediaTypes.JWS_ENVELOPE, TestVectors.read(MOCK + "ca_valid_sig_env.json"));
    assertEquals(Instant.parse("2020-11-09T07:00:00Z"), env.signingTime().orElseThrow());
    assertEquals(Instant.parse("2120-11-09T07:00:00Z"), env.expiry().orElseThrow());
    // The mock spells the agent "io.cncf.notary.SigningAgent"; exact-case matching ignores it.
    assertTrue(env.signingAgent().isEmpty());
    Payload p = Payload.parse(env.payload());
    assertEquals(
        Digest.parse("sha256:60043cf45eaebc4c0867fea485a039b598f52fd09fd5b07b0b2d2f88fad9d74e"),
        p.digest());
    assertEquals(528, p.size());
  }

  @Test
  void timestampedEnvelopeCarriesItsToken() throws Exception {
    SignedEnvelope env =
        Envelopes.parseAndVerify(
            MediaTypes.JWS_ENVELOPE,
            TestVectors.read(
                E2E
                    + "e2e-with-timestamped-signature/blobs/sha256/603ff134e97a79cd7a15560b76137c2c4a10451daab11327a7c6f86dac250fee"));
    assertTrue(env.timestampToken().isPresent());
    assertTrue(env.signingAgent().orElseThrow().startsWith("notation-go/"));
  }

  @Test
  void pluginVersionHeadersAreExposed() throws Exception {
    SignedEnvelope env =
        Envelopes.parseAndVerify(
            MediaTypes.JWS_ENVELOPE,
            TestVectors.read(MOCK + "ca_incompatible_pluginver_sig_env_1.1.0-alpha.json"));
    assertEquals("1.1.0-alpha", env.verificationPluginMinVersion().orElseThrow());
    assertTrue(env.verificationPlugin().isPresent());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ng-mock-ca-invalid, ca_invalid_sig_env.json",
    "ng-mock-sa-invalid, sa_invalid_sig_env.json"
  })
  void paddedPayloadFailsLikeNotation(String id, String file) {
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class,
            () -> Envelopes.parseAndVerify(MediaTypes.JWS_ENVELOPE, TestVectors.read(MOCK + file)));
    assertEquals(Check.INTEGRITY, f.check());
    assertTrue(f.reason().contains("illegal base64 data at input byte 242"), f.reason());
  }

  /**
   * Deliberate difference: notation-go, with no plugin installed, reports "plugin not found"; here
   * the unknown critical attribute {@code SomeKey} already fails integrity, as the specification
   * requires. Both fail.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"ca_plugin_sig_env.json", "sa_plugin_sig_env.json"})
  void unknownCriticalAttributeOfPluginVectorFailsIntegrity(String file) {
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class,
            () -> Envelopes.parseAndVerify(MediaTypes.JWS_ENVELOPE, TestVectors.read(MOCK + file)));
    assertEquals(Check.INTEGRITY, f.check());
    assertTrue(f.reason().contains("critical header \"SomeKey\" is not understood"), f.reason());
  }

  @Test
  void e2eInvalidSignatureBlobFails() {
    byte[] blob =
        TestVectors.read(
            E2E
                + "e2e-invalid-signature/blobs/sha256/9a8decdf3775708f4eed16859f19561d730cad40b1af0dcfc37ac1e5f879a934");
    // Its layer media type is a tar layer: not an envelope format at all.
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class,
            () -> Envelopes.parseAndVerify("application/vnd.oci.image.layer.v1.tar", blob));
    assertTrue(f.reason().contains("is not supported"), f.reason());
    assertThrows(
        VerificationFailure.class, () -> Envelopes.parseAndVerify(MediaTypes.JWS_ENVELOPE, blob));
    assertThrows(
        VerificationFailure.class, () -> Envelopes.parseAndVerify(MediaTypes.COSE_ENVELOPE, blob));
  }

  @Test
  void malformedBlobSignatureFails() {
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class,
            () ->
                Envelopes.parseAndVerify(
                    MediaTypes.JWS_ENVELOPE,
                    TestVectors.read("notation/test/e2e/testdata/signatures/malformed.jws.sig")));
    assertEquals(Check.INTEGRITY, f.check());
  }
}
