package io.ratify.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One node of a validation result tree, in the shape of Ratify's verifier report: which verifier
 * looked at which referrer of which subject, what it concluded, and the reports of nested
 * referrers. Reports without a verifier name describe a failure of the subject itself (for example
 * {@link ErrorCode#NO_VERIFIER_REPORT}).
 *
 * @param subject the subject reference as requested ({@code registry/repo:tag} or {@code
 *     ...@digest})
 * @param referenceDigest the digest of the referrer that was verified
 * @param artifactType the referrer's artifact type
 * @param verifierName the configured verifier name
 * @param verifierType the verifier type
 * @param result the verifier's outcome (after nested results are taken into account)
 * @param nestedResults reports on the referrer's own referrers
 */
public record VerifierReport(
    String subject,
    Optional<Digest> referenceDigest,
    Optional<String> artifactType,
    Optional<String> verifierName,
    Optional<String> verifierType,
    VerificationResult result,
    List<VerifierReport> nestedResults) {

  /**
   * Canonical constructor: checks the components and copies mutable ones.
   *
   * @param subject the subject reference as requested ({@code registry/repo:tag} or {@code
   *     ...@digest})
   * @param referenceDigest the digest of the referrer that was verified
   * @param artifactType the referrer's artifact type
   * @param verifierName the configured verifier name
   * @param verifierType the verifier type
   * @param result the verifier's outcome (after nested results are taken into account)
   * @param nestedResults reports on the referrer's own referrers
   */
  public VerifierReport {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(referenceDigest, "referenceDigest");
    Objects.requireNonNull(artifactType, "artifactType");
    Objects.requireNonNull(verifierName, "verifierName");
    Objects.requireNonNull(verifierType, "verifierType");
    Objects.requireNonNull(result, "result");
    nestedResults = List.copyOf(nestedResults);
  }

  /**
   * Whether this report, including its nested reports, succeeded.
   *
   * @return whether this report, including its nested reports, succeeded
   */
  public boolean success() {
    return result.success();
  }

  /**
   * A report on the subject itself, with no verifier (Ratify's error report shape).
   *
   * @param subject the subject
   * @param code the code
   * @param message the message
   * @param reason the reason
   * @param remediation the remediation
   * @return a report on the subject itself, with no verifier (Ratify's error report shape)
   */
  public static VerifierReport subjectFailure(
      String subject, ErrorCode code, String message, String reason, Optional<String> remediation) {
    return new VerifierReport(
        subject,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        VerificationResult.failure(code, message, reason, remediation, Map.of()),
        List.of());
  }
}
