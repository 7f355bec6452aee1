package io.ratify.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The decision on one subject: allowed or not, with every verifier report and, when denied, the
 * reasons. A result with {@code success == true} is only ever produced by a policy that allowed the
 * subject after the subject was resolved and its referrers listed without error.
 *
 * @param success whether the policy allowed the subject
 * @param subject the subject as requested
 * @param subjectDescriptor the resolved subject, when resolution succeeded
 * @param verifierReports the report tree, in a deterministic order (referrer digest, then verifier
 *     name)
 * @param reasons why the subject was denied; empty when allowed
 */
public record ValidationResult(
    boolean success,
    String subject,
    Optional<Descriptor> subjectDescriptor,
    List<VerifierReport> verifierReports,
    List<String> reasons) {

  /**
   * Canonical constructor: checks the components and copies mutable ones.
   *
   * @param success whether the policy allowed the subject
   * @param subject the subject as requested
   * @param subjectDescriptor the resolved subject, when resolution succeeded
   * @param verifierReports the report tree, in a deterministic order (referrer digest, then
   *     verifier name)
   * @param reasons why the subject was denied; empty when allowed
   */
  public ValidationResult {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(subjectDescriptor, "subjectDescriptor");
    verifierReports = List.copyOf(verifierReports);
    reasons = List.copyOf(reasons);
    if (success && !reasons.isEmpty()) {
      throw new IllegalArgumentException("an allowed result carries no denial reasons");
    }
  }
}
