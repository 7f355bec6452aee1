package io.ratify.core.internal.executor;

import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.PolicyDecision;
import io.ratify.api.PolicyEnforcer;
import io.ratify.api.PolicyEvaluator;
import io.ratify.api.RatifyException;
import io.ratify.api.VerificationResult;
import java.util.List;
import java.util.function.Predicate;

/**
 * The policy's evaluator for one validation, called so that a broken policy cannot break the walk
 * nor let a subject pass: a pruning question that throws counts as "not pruned", and it, a result
 * the evaluator fails to record and a commit that throws are recorded as {@link Failures} (so the
 * validation cannot succeed); a decision that throws or is missing is a denial. Thread-safe as far
 * as the evaluator is.
 */
final class GuardedPolicy {
  private final String type;
  private final PolicyEvaluator evaluator;
  private final Failures failures;

  private GuardedPolicy(String type, PolicyEvaluator evaluator, Failures failures) {
    this.type = type;
    this.evaluator = evaluator;
    this.failures = failures;
  }

  /**
   * Asks {@code policy} for the evaluator of {@code subject}.
   *
   * @throws RatifyException {@link ErrorCode#EXECUTOR_FAILURE} whose detail is the reason to
   *     report, when the policy throws or returns no evaluator
   */
  static GuardedPolicy open(PolicyEnforcer policy, Descriptor subject, Failures failures)
      throws RatifyException {
    try {
      PolicyEvaluator evaluator = policy.evaluator(subject);
      if (evaluator == null) {
        throw new IllegalStateException("policy '" + policy.type() + "' returned no evaluator");
      }
      return new GuardedPolicy(policy.type(), evaluator, failures);
    } catch (RuntimeException e) {
      throw new RatifyException(
          ErrorCode.EXECUTOR_FAILURE,
          "policy '" + policy.type() + "' failed: " + Reports.describe(e),
          e);
    }
  }

  /** The policy's type, for reasons. */
  String type() {
    return type;
  }

  /** The evaluator's answer to {@code question}; false (and a recorded failure) when it throws. */
  boolean pruned(Predicate<PolicyEvaluator> question) {
    try {
      return question.test(evaluator);
    } catch (RuntimeException e) {
      failures.record("policy '" + type + "' failed while pruning: " + Reports.describe(e));
      return false;
    }
  }

  /** Tells the evaluator one verifier's result. */
  void addResult(Digest subject, Descriptor artifact, String verifier, VerificationResult result) {
    try {
      evaluator.addResult(subject, artifact, verifier, result);
    } catch (RuntimeException e) {
      failures.record("policy '" + type + "' failed to record a result: " + Reports.describe(e));
    }
  }

  /** Tells the evaluator that everything below {@code subject} has been looked at. */
  void commit(Digest subject) {
    try {
      evaluator.commit(subject);
    } catch (RuntimeException e) {
      failures.record("policy '" + type + "' failed to commit: " + Reports.describe(e));
    }
  }

  /** The evaluator's decision; a denial saying why when it throws or returns none. */
  PolicyDecision decide() {
    try {
      PolicyDecision decision = evaluator.evaluate();
      return decision != null
          ? decision
          : PolicyDecision.deny(List.of("policy '" + type + "' returned no decision"));
    } catch (RuntimeException e) {
      return PolicyDecision.deny(List.of("policy '" + type + "' failed: " + Reports.describe(e)));
    }
  }
}
