package io.ratify.notation.signer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.notation.internal.envelope.TestVectors;
import io.ratify.notation.testing.CertificateAuthority;
import io.ratify.notation.testing.IssuedCertificate;
import io.ratify.notation.testing.KeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignatureManifestsTest {
  private static final String E2E_VALID =
      "notation/test/e2e/testdata/registry/oci_layout/e2e-valid-signature/blobs/sha256/";

  /**
   * The current form, byte-equal to what notation-go pushes (registry/repository_test.go,
   * 64300ad0…, 793 bytes).
   */
  @Test
  void currentFormMatchesNotationGoBytes() throws Exception {
    byte[] envelope = TestVectors.read("notation-go/internal/testdata/jws_signature.sig");
    Descriptor subject =
        Descriptor.of(
            MediaTypes.OCI_MANIFEST,
            new Digest(
                "sha256", "19dbd2e48e921426ee8ace4dc892edfb2ecdc1d1a72d5416c83670c30acecef0"),
            481);
    SignatureManifest m =
        SignatureManifests.build(subject, envelope, EnvelopeFormat.JWS, ManifestForm.CURRENT);
    byte[] expected =
        TestVectors.read("derived/notation-go/expected_signature_manifest.sha256-64300ad0.json");
    assertEquals(
        new String(expected, StandardCharsets.UTF_8),
        new String(m.manifestBytes(), StandardCharsets.UTF_8));
    assertEquals(
        "sha256:64300ad03f1dcd18136787363f3069c9598623221cbe76e3233d35266b7973d6",
        m.manifestDescriptor().digest().toString());
    assertEquals(793, m.manifestDescriptor().size());
    assertEquals(
        "sha256:586c5e0f341d7d07e835a06b7c9f21c21fff4f4a85933079e5859f99ba0ad02d",
        m.envelopeDescriptor().digest().toString());
    assertEquals(2078, m.envelopeDescriptor().size());
    assertEquals(MediaTypes.OCI_EMPTY, m.configDescriptor().mediaType());
    assertArrayEquals("{}".getBytes(StandardCharsets.US_ASCII), m.configBytes());
    assertEquals(Optional.of(MediaTypes.NOTARY_SIGNATURE), m.manifestDescriptor().artifactType());
    assertEquals(
        "[\"9f5f5aecee24b5cfdc7a91f6d5ac5c3a5348feb17c934d403f59ac251549ea0d\"]",
        m.manifestDescriptor().annotations().get(MediaTypes.NOTARY_THUMBPRINT_ANNOTATION));
  }

  /**
   * The legacy form, byte-equal to the signature manifest in notation's e2e layout (90ceaff2…, 728
   * bytes).
   */
  @Test
  void legacyFormMatchesNotationCliBytes() throws Exception {
    byte[] envelope =
        TestVectors.read(
            E2E_VALID + "c9af07e038b2b1a463e648986ad7273157511ffeba0b689f33e5472bae471f50");
    Descriptor subject =
        Descriptor.of(
            MediaTypes.OCI_MANIFEST,
            new Digest(
                "sha256", "b8479de3f88fb259a0a9ea82a5b2a052a1ef3c4ebbcfc61482d5ae4c831f8af9"),
            517);
    SignatureManifest m =
        SignatureManifests.build(subject, envelope, EnvelopeFormat.JWS, ManifestForm.LEGACY);
    byte[] expected =
        TestVectors.read(
            E2E_VALID + "90ceaff260d657d797c408ac73564a9c7bb9d86055877c2a811f0e63b8c6524f");
    assertEquals(
        new String(expected, StandardCharsets.UTF_8),
        new String(m.manifestBytes(), StandardCharsets.UTF_8));
    assertEquals(MediaTypes.NOTARY_SIGNATURE, m.configDescriptor().mediaType());
  }

  @Test
  void coseEnvelopeAndMultiCertificateThumbprints() throws Exception {
    CertificateAuthority root =
        CertificateAuthority.root("CN=Root,O=Notary,ST=WA,C=US", KeySpec.EC_P256);
    IssuedCertificate leaf = root.codeSigningLeaf("CN=Leaf,O=Notary,ST=WA,C=US", KeySpec.EC_P256);
    Descriptor subject = NotationSignerTest.TARGET;
    byte[] env =
        NotationSigner.builder()
            .privateKey(leaf.privateKey())
            .certificateChain(leaf.chain())
            .format(EnvelopeFormat.COSE)
            .build()
            .sign(subject, Map.of(), Optional.empty());
    SignatureManifest m =
        SignatureManifests.build(subject, env, EnvelopeFormat.COSE, ManifestForm.CURRENT);
    assertEquals(MediaTypes.COSE_ENVELOPE, m.envelopeDescriptor().mediaType());
    String expected =
        "[\""
            + Digest.sha256(leaf.chain().get(0).getEncoded()).hex()
            + "\",\""
            + Digest.sha256(leaf.chain().get(1).getEncoded()).hex()
            + "\"]";
    assertEquals(
        expected,
        m.manifestDescriptor().annotations().get(MediaTypes.NOTARY_THUMBPRINT_ANNOTATION));
  }

  @Test
  void garbageEnvelopeIsRefused() {
    RatifyException e =
        assertThrows(
            RatifyException.class,
            () ->
                SignatureManifests.build(
                    NotationSignerTest.TARGET,
                    "nope".getBytes(StandardCharsets.US_ASCII),
                    EnvelopeFormat.JWS,
                    ManifestForm.CURRENT));
    assertEquals(ErrorCode.SIGNATURE_ENVELOPE_INVALID, e.code());
  }
}
