package io.ratify.examples.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.ErrorCode;
import io.ratify.api.ValidationResult;
import io.ratify.api.testing.junit.SharedFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Runs the embedding example on the notation CLI's own e2e layouts (upstream vectors). */
class EmbeddingExampleTest {
  private static final String LAYOUTS = "notation/test/e2e/testdata/registry/oci_layout/";

  private static Path vectorsOrSkip() {
    return SharedFolders.vectors();
  }

  @Test
  void notationSignedImageIsTrustedWhenItsCertificateIsInline() throws Exception {
    Path v = vectorsOrSkip();
    String ca = Files.readString(v.resolve("notation/test/e2e/testdata/config/localkeys/e2e.crt"));
    ValidationResult r =
        EmbeddingExample.verify(v.resolve(LAYOUTS + "e2e-valid-signature"), "v1", ca);
    assertTrue(r.success(), () -> "expected success: " + r);
    assertEquals(1, r.verifierReports().size());
    assertTrue(r.verifierReports().get(0).success());
  }

  @Test
  void sameImageIsNotTrustedUnderAnotherCertificate() throws Exception {
    Path v = vectorsOrSkip();
    String other =
        Files.readString(v.resolve("notation/test/e2e/testdata/config/localkeys/new_e2e.crt"));
    ValidationResult r =
        EmbeddingExample.verify(v.resolve(LAYOUTS + "e2e-valid-signature"), "v1", other);
    assertFalse(r.success());
    assertEquals(
        Optional.of(ErrorCode.SIGNATURE_AUTHENTICITY_FAILURE),
        r.verifierReports().get(0).result().errorCode());
  }

  @Test
  void unsignedImageIsNotTrusted() throws Exception {
    Path v = vectorsOrSkip();
    String ca = Files.readString(v.resolve("notation/test/e2e/testdata/config/localkeys/e2e.crt"));
    ValidationResult r = EmbeddingExample.verify(v.resolve(LAYOUTS + "e2e"), "v1", ca);
    assertFalse(r.success());
    assertEquals(
        Optional.of(ErrorCode.NO_VERIFIER_REPORT), r.verifierReports().get(0).result().errorCode());
  }
}
