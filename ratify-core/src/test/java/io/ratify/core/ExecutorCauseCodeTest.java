package io.ratify.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.Descriptor;
import io.ratify.api.ErrorCode;
import io.ratify.api.Manifest;
import io.ratify.api.MediaTypes;
import io.ratify.api.ValidationResult;
import io.ratify.api.VerificationResult;
import io.ratify.api.VerifierReport;
import io.ratify.api.VerifyRequest;
import io.ratify.core.report.ReportJson;
import io.ratify.core.testing.InMemoryStore;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ratify's outer error codes keep the code the plugin raised, in {@code extensions.causeCode}. */
@Timeout(60)
class ExecutorCauseCodeTest {
  private static final String SIG = MediaTypes.NOTARY_SIGNATURE;
  private static final String SUBJECT = "registry.test/app:v1";
  private static final byte[] PAYLOAD = "signature bytes".getBytes(StandardCharsets.UTF_8);

  /** Reads the artifact's first layer through the store, as a real verifier reads an envelope. */
  private static final FakeVerifier.Behaviour READS_LAYER =
      (VerifyRequest r) -> {
        Manifest m = r.store().fetchManifest(r.subject(), r.artifact(), r.deadline());
        r.store().fetchBlob(r.subject(), m.layers().get(0), r.deadline());
        return FakeVerifier.ok();
      };

  private static ValidationResult validate(InMemoryStore store) throws Exception {
    try (Executor e =
        Executor.builder()
            .store(store)
            .verifier(new FakeVerifier("reader", Set.of(SIG), READS_LAYER))
            .build()) {
      return e.validate(SUBJECT);
    }
  }

  @Test
  void tamperedBlobReadsAsPluginFailureCausedByDigestMismatch() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    Descriptor image = sb.image(SUBJECT);
    sb.referrer(image, SIG, PAYLOAD, "application/jose+json", Map.of());
    sb.tamperBlob(sb.blob("application/jose+json", PAYLOAD));
    ValidationResult r = validate(sb.build());

    assertFalse(r.success());
    VerificationResult res = r.verifierReports().get(0).result();
    assertEquals(Optional.of(ErrorCode.VERIFY_PLUGIN_FAILURE), res.errorCode());
    assertEquals("DIGEST_MISMATCH", res.extensions().get("causeCode"));
    JsonNode json = new ObjectMapper().readTree(ReportJson.toJson(r));
    assertEquals(
        "DIGEST_MISMATCH",
        json.path("verifierReports").path(0).path("extensions").path("causeCode").asText(),
        ReportJson.toJson(r));
  }

  @Test
  void untamperedBlobVerifiesWithTheSameVerifier() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    Descriptor image = sb.image(SUBJECT);
    sb.referrer(image, SIG, PAYLOAD, "application/jose+json", Map.of());
    ValidationResult r = validate(sb.build());
    assertTrue(r.success(), r.reasons().toString());
    assertTrue(r.verifierReports().get(0).result().extensions().isEmpty());
  }

  @Test
  void throttledListingReadsAsStoreFailureCausedByThrottling() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    Descriptor image = sb.image(SUBJECT);
    sb.referrer(image, SIG);
    // resolution is the first call and succeeds; the listing is throttled
    ValidationResult r = validate(sb.throttleAfter(1).build());

    assertFalse(r.success());
    VerifierReport only = r.verifierReports().get(0);
    assertEquals(Optional.of(ErrorCode.REFERRER_STORE_FAILURE), only.result().errorCode());
    assertEquals("THROTTLED", only.result().extensions().get("causeCode"));
    JsonNode json = new ObjectMapper().readTree(ReportJson.toJson(r));
    assertEquals(
        "THROTTLED",
        json.path("verifierReports").path(0).path("extensions").path("causeCode").asText(),
        ReportJson.toJson(r));
  }

  @Test
  void unreachableRegistryIsTellableFromThrottling() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    Descriptor image = sb.image(SUBJECT);
    sb.referrer(image, SIG);
    ValidationResult r = validate(sb.failListing(ErrorCode.REGISTRY_UNREACHABLE).build());

    VerificationResult res = r.verifierReports().get(0).result();
    assertEquals(Optional.of(ErrorCode.REFERRER_STORE_FAILURE), res.errorCode());
    assertEquals("REGISTRY_UNREACHABLE", res.extensions().get("causeCode"));
  }

  @Test
  void timeoutsKeepTheirOwnCodeWithoutCause() throws Exception {
    InMemoryStore.Builder sb = InMemoryStore.builder();
    Descriptor image = sb.image(SUBJECT);
    sb.referrer(image, SIG);
    ValidationResult r = validate(sb.failListing(ErrorCode.TIMEOUT).build());

    VerificationResult res = r.verifierReports().get(0).result();
    assertEquals(Optional.of(ErrorCode.TIMEOUT), res.errorCode());
    assertFalse(res.extensions().containsKey("causeCode"));
  }
}
