package io.ratify.api;

import com.google.errorprone.annotations.CheckReturnValue;

/**
 * Verifies one kind of referrer (a signature, an SBOM, ...).
 *
 * <h2>Security guarantees</h2>
 *
 * A verifier returns a successful {@link VerificationResult} only when every check it is configured
 * for passed. A verification that fails is a failed result with a stable code, not an exception; an
 * exception means the verifier could not decide (for example the store failed) and the executor
 * treats it as a failure too. Implementations are thread-safe.
 */
public interface Verifier {
  /**
   * The configured name, unique within an executor.
   *
   * @return the configured name, unique within an executor
   */
  String name();

  /**
   * The verifier type ({@code notation}, ...).
   *
   * @return the verifier type ({@code notation}, ...)
   */
  String type();

  /**
   * Whether this verifier handles the artifact (usually by its artifact type).
   *
   * @param artifact the artifact
   * @return whether this verifier handles the artifact (usually by its artifact type)
   */
  boolean verifiable(Descriptor artifact);

  /**
   * Verifies the artifact of {@code request}.
   *
   * @param request the request
   * @return the outcome; a failed check is a failed result
   * @throws RatifyException only when the verifier could not decide (for example the store failed);
   *     a failed check is a result
   */
  @CheckReturnValue
  VerificationResult verify(VerifyRequest request) throws RatifyException;
}
