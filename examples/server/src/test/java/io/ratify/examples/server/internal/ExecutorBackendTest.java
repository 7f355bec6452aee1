package io.ratify.examples.server.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.ErrorCode;
import io.ratify.api.VerificationResult;
import io.ratify.api.VerifierReport;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Which denials may be cached: only those whose cause lasts. The end-to-end cases (429, a dropped
 * connection, a stalled registry) are in CacheBehaviourTest; this covers every code, cancellation
 * included, which has no registry behaviour to provoke it.
 */
class ExecutorBackendTest {
  static final Set<ErrorCode> NOT_LASTING =
      EnumSet.of(
          ErrorCode.TIMEOUT,
          ErrorCode.CANCELLED,
          ErrorCode.THROTTLED,
          ErrorCode.REGISTRY_UNREACHABLE,
          ErrorCode.LIST_REFERRERS_FAILURE,
          ErrorCode.GET_REFERRER_MANIFEST_FAILURE,
          ErrorCode.GET_BLOB_CONTENT_FAILURE,
          ErrorCode.REFERRER_STORE_FAILURE,
          ErrorCode.AUTH_DENIED,
          ErrorCode.EXECUTOR_FAILURE,
          ErrorCode.UNKNOWN);

  static VerifierReport failed(ErrorCode code, List<VerifierReport> nested) {
    return new VerifierReport(
        "registry.example/app@sha256:" + "0".repeat(64),
        Optional.empty(),
        Optional.empty(),
        Optional.of("v"),
        Optional.of("notation"),
        VerificationResult.failure(code, "failed", "why", Optional.empty(), Map.of()),
        nested);
  }

  @Test
  void aDenialIsCacheableOnlyWhenEveryFailureInItLasts() {
    for (ErrorCode code : NOT_LASTING) {
      assertFalse(ExecutorBackend.lasting(List.of(failed(code, List.of()))), code.name());
      // hidden in a nested report, under a lasting failure, it still makes the verdict transient
      assertFalse(
          ExecutorBackend.lasting(
              List.of(failed(ErrorCode.SIGNATURE_NOT_FOUND, List.of(failed(code, List.of()))))),
          "nested " + code);
    }
    for (ErrorCode code :
        List.of(
            ErrorCode.SIGNATURE_NOT_FOUND,
            ErrorCode.SIGNATURE_AUTHENTICITY_FAILURE,
            ErrorCode.POLICY_DENIED)) {
      assertTrue(ExecutorBackend.lasting(List.of(failed(code, List.of()))), code.name());
    }
  }
}
