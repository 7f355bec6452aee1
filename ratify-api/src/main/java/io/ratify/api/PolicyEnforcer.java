package io.ratify.api;

/**
 * A policy: makes a fresh {@link PolicyEvaluator} for each validation. Implementations are
 * immutable and thread-safe.
 */
public interface PolicyEnforcer {
  /**
   * The policy type ({@code config-policy}, {@code threshold-policy}).
   *
   * @return the policy type ({@code config-policy}, {@code threshold-policy})
   */
  String type();

  /**
   * A new evaluator for the validation of {@code subject}.
   *
   * @param subject the subject
   * @return a new evaluator for the validation of {@code subject}
   */
  PolicyEvaluator evaluator(Descriptor subject);
}
