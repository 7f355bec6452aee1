package io.ratify.core.internal.executor;

import io.ratify.api.ErrorCode;
import io.ratify.api.VerifierReport;
import io.ratify.core.Executor;
import java.util.Map;
import java.util.Optional;

/** The texts and report shapes the parts of a validation share. */
final class Reports {
  private Reports() {}

  /** Ratify's message of a report about the subject itself. */
  static String failedToVerify(String label) {
    return "failed to verify artifact: " + label;
  }

  /** A report about the subject itself (no referrer, no verifier). */
  static VerifierReport subjectFailure(
      String label, ErrorCode code, String reason, Optional<String> remediation) {
    return VerifierReport.subjectFailure(label, code, failedToVerify(label), reason, remediation);
  }

  /** The extensions that keep a plugin's own code under a code Ratify rewrote. */
  static Map<String, Object> cause(ErrorCode pluginCode) {
    return Map.of(Executor.CAUSE_CODE, pluginCode.name());
  }

  /** A throwable as a short sentence: its simple class name and message. */
  static String describe(Throwable e) {
    if (e == null) {
      return "unknown failure";
    }
    String m = e.getMessage();
    return m == null || m.isBlank()
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + m;
  }
}
