package io.ratify.api;

/**
 * Evaluates the policy for one validation (one root subject). The executor feeds it every verifier
 * result, asks it what work can be skipped, and finally asks for the decision. Subjects below the
 * root are referrers being verified in turn (referrers of referrers).
 *
 * <h2>Security guarantees</h2>
 *
 * Pruning only ever skips work whose result cannot change the decision. {@link #evaluate()} denies
 * unless the policy is positively satisfied. Implementations must be thread-safe: the executor
 * calls them concurrently.
 *
 * <h2>Call order</h2>
 *
 * For every artifact it reaches, the executor calls {@link #artifactPruned(Digest, Descriptor)}
 * before anything else about that artifact, so an evaluator learns the tree (which subject each
 * artifact refers to) from those calls; then {@link #verifierPruned} and {@link #addResult} for
 * each verifier that handles it. An artifact's own referrers are visited as the next level, with
 * the artifact's digest as their subject. {@link #commit(Digest)} follows once every referrer of a
 * subject was processed, and {@link #evaluate()} comes last.
 */
public interface PolicyEvaluator {
  /**
   * Whether nothing more about {@code subject} can change the decision.
   *
   * @param subject the subject
   * @return whether nothing more about {@code subject} can change the decision
   */
  default boolean subjectPruned(Digest subject) {
    return false;
  }

  /**
   * Whether verifying {@code artifact} (a referrer of {@code subject}) can no longer change the
   * decision.
   *
   * @param subject the subject
   * @param artifact the artifact
   * @return whether verifying {@code artifact} (a referrer of {@code subject}) can no longer change
   *     the decision
   */
  default boolean artifactPruned(Digest subject, Descriptor artifact) {
    return false;
  }

  /**
   * Whether running {@code verifierName} on {@code artifact} can no longer change the decision.
   *
   * @param subject the subject
   * @param artifact the artifact
   * @param verifierName the verifier name
   * @return whether running {@code verifierName} on {@code artifact} can no longer change the
   *     decision
   */
  default boolean verifierPruned(Digest subject, Descriptor artifact, String verifierName) {
    return false;
  }

  /**
   * Records one verifier's result on {@code artifact}, a referrer of {@code subject}.
   *
   * @param subject the subject
   * @param artifact the artifact
   * @param verifierName the verifier name
   * @param result the result
   */
  void addResult(
      Digest subject, Descriptor artifact, String verifierName, VerificationResult result);

  /**
   * Says that every referrer of {@code subject} has been processed.
   *
   * @param subject the subject
   */
  default void commit(Digest subject) {}

  /**
   * The decision for the root subject, given everything recorded.
   *
   * @return the decision for the root subject, given everything recorded
   */
  PolicyDecision evaluate();
}
