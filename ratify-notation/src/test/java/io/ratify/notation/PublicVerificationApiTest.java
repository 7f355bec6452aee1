package io.ratify.notation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.VerificationResult;
import io.ratify.api.testing.junit.SharedFolders;
import io.ratify.notation.internal.truststore.CertificateFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The public single-envelope API, used as a Java tool would use it. */
class PublicVerificationApiTest {
  static final String OCI_POLICY =
      "{\"version\":\"1.0\",\"trustPolicies\":[{\"name\":\"local\",\"registryScopes\":[\"*\"],"
          + "\"signatureVerification\":{\"level\":\"strict\"},"
          + "\"trustStores\":[\"ca:alpine\"],\"trustedIdentities\":[\"*\"]}]}";
  static final String BLOB_POLICY =
      "{\"version\":\"1.0\",\"trustPolicies\":[{\"name\":\"test-statement-name\","
          + "\"signatureVerification\":{\"level\":\"strict\",\"override\":{\"revocation\":\"skip\"}},"
          + "\"trustStores\":[\"ca:valid-trust-store\"],\"trustedIdentities\":[\"*\"]}]}";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);

  static X509Certificate cert(String relative) throws Exception {
    return CertificateFiles.read(SharedFolders.vectors(relative)).get(0);
  }

  /** The "ten lines" a Java tool needs (the upstream notation-go JWS signature of an image). */
  @Test
  void tenLines() throws Exception {
    X509Certificate root = cert("derived/notation-go/example_localVerify_cert.pem");
    byte[] envelope =
        Files.readAllBytes(
            SharedFolders.vectors("notation-go/internal/testdata/jws_signature.sig"));
    Descriptor target =
        Descriptor.of(
            "application/vnd.oci.image.manifest.v1+json",
            Digest.parse("sha256:19dbd2e48e921426ee8ace4dc892edfb2ecdc1d1a72d5416c83670c30acecef0"),
            481);
    NotationEnvelopeVerifier verifier =
        NotationEnvelopeVerifier.builder()
            .trustPolicy(OCI_POLICY.getBytes(StandardCharsets.UTF_8))
            .trustStore("ca", "alpine", List.of(root))
            .clock(CLOCK)
            .build();
    VerificationResult result =
        verifier.verify("local/oci-layout", target, "application/jose+json", envelope);
    assertTrue(result.success(), result::toString);

    // the same verifier reports the verifier's failures for another target
    Descriptor other =
        Descriptor.of(target.mediaType(), Digest.sha256("x".getBytes(StandardCharsets.UTF_8)), 1);
    VerificationResult mismatch =
        verifier.verify("local/oci-layout", other, "application/jose+json", envelope);
    assertFalse(mismatch.success());
    assertEquals("integrity", mismatch.extensions().get("failedCheck"));
    assertTrue(mismatch.errorReason().orElseThrow().startsWith("content descriptor mismatch"));
  }

  @Test
  void blobSignatureOfAFile() throws Exception {
    Path blob = SharedFolders.vectors("derived/notation-go/example-blob.bin");
    byte[] envelope =
        Files.readAllBytes(SharedFolders.vectors("derived/notation-go/example_verifyBlob.jws.sig"));
    NotationBlobVerifier verifier =
        NotationBlobVerifier.builder()
            .trustPolicy(BLOB_POLICY.getBytes(StandardCharsets.UTF_8))
            .policyName("test-statement-name")
            .trustStore(
                "ca",
                "valid-trust-store",
                List.of(cert("derived/notation-go/example_verifyBlob_cert.pem")))
            .clock(CLOCK)
            .build();
    VerificationResult ok = verifier.verify(blob, "application/jose+json", envelope);
    assertTrue(ok.success(), ok::toString);
    assertTrue(
        verifier.verify(Files.readAllBytes(blob), "application/jose+json", envelope).success());

    VerificationResult other =
        verifier.verify(
            "example blub".getBytes(StandardCharsets.US_ASCII), "application/jose+json", envelope);
    assertFalse(other.success());
    assertEquals(
        "integrity check failed. signature does not match the given blob",
        other.errorReason().orElseThrow());
  }

  @Test
  void buildersValidate() throws Exception {
    RatifyException noPolicy =
        assertThrows(RatifyException.class, () -> NotationEnvelopeVerifier.builder().build());
    assertEquals(ErrorCode.CONFIG_INVALID, noPolicy.code());
    RatifyException badStore =
        assertThrows(
            RatifyException.class,
            () ->
                NotationEnvelopeVerifier.builder()
                    .trustPolicy(OCI_POLICY.getBytes(StandardCharsets.UTF_8))
                    .trustStore("cq", "alpine", List.of())
                    .build());
    assertEquals(ErrorCode.CONFIG_INVALID, badStore.code());
    // a blob document is not an OCI document (registryScopes are required there)
    assertThrows(
        RatifyException.class,
        () ->
            NotationEnvelopeVerifier.builder()
                .trustPolicy(BLOB_POLICY.getBytes(StandardCharsets.UTF_8))
                .build());
    // tsa stores hold self-signed root CAs only: the e2e leaf certificate is refused
    RatifyException leafAsTsa =
        assertThrows(
            RatifyException.class,
            () ->
                NotationBlobVerifier.builder()
                    .trustPolicy(BLOB_POLICY.getBytes(StandardCharsets.UTF_8))
                    .trustStore(
                        "tsa",
                        "t",
                        List.of(
                            cert("notation/test/e2e/testdata/config/timestamp/intermediate.pem")))
                    .build());
    assertTrue(leafAsTsa.getMessage().contains("is not a root certificate"), leafAsTsa::getMessage);
    assertThrows(NullPointerException.class, () -> NotationBlobVerifier.builder().policyName(null));
  }
}
