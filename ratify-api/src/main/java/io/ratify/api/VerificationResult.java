package io.ratify.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one verifier on one artifact. A failed verification is a value, not an exception:
 * it carries a stable {@link ErrorCode}, the reason and a remediation. Extensions are
 * JSON-compatible values (strings, numbers, booleans, lists and maps of those) and keep their
 * insertion order.
 *
 * @param success whether the artifact verified
 * @param message a one-line summary for people
 * @param errorCode the code of the failure; empty on success
 * @param errorReason why it failed; empty on success
 * @param remediation what to do about it, if known
 * @param extensions verifier-specific details (for Notation: {@code Issuer}, {@code SN}, ...)
 */
public record VerificationResult(
    boolean success,
    String message,
    Optional<ErrorCode> errorCode,
    Optional<String> errorReason,
    Optional<String> remediation,
    Map<String, Object> extensions) {

  /**
   * Canonical constructor: checks the components and copies mutable ones.
   *
   * @param success whether the artifact verified
   * @param message a one-line summary for people
   * @param errorCode the code of the failure; empty on success
   * @param errorReason why it failed; empty on success
   * @param remediation what to do about it, if known
   * @param extensions verifier-specific details (for Notation: {@code Issuer}, {@code SN}, ...)
   */
  public VerificationResult {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(errorCode, "errorCode");
    Objects.requireNonNull(errorReason, "errorReason");
    Objects.requireNonNull(remediation, "remediation");
    extensions =
        java.util.Collections.unmodifiableMap(
            new LinkedHashMap<>(Objects.requireNonNull(extensions, "extensions")));
    if (success && errorCode.isPresent()) {
      throw new IllegalArgumentException("a successful result has no error code");
    }
    if (!success && errorCode.isEmpty()) {
      throw new IllegalArgumentException("a failed result needs an error code");
    }
  }

  /**
   * A success with extensions.
   *
   * @param message the message
   * @param extensions the extensions
   * @return a success with extensions
   */
  public static VerificationResult success(String message, Map<String, Object> extensions) {
    return new VerificationResult(
        true, message, Optional.empty(), Optional.empty(), Optional.empty(), extensions);
  }

  /**
   * A failure.
   *
   * @param code the code
   * @param extensions the extensions
   * @param message the message
   * @param reason the reason
   * @param remediation the remediation
   * @return a failure
   */
  public static VerificationResult failure(
      ErrorCode code,
      String message,
      String reason,
      Optional<String> remediation,
      Map<String, Object> extensions) {
    return new VerificationResult(
        false, message, Optional.of(code), Optional.of(reason), remediation, extensions);
  }

  /**
   * A failure made from an exception a plugin raised.
   *
   * @param message the message
   * @param e the e
   * @return a failure made from an exception a plugin raised
   */
  public static VerificationResult failure(String message, RatifyException e) {
    return new VerificationResult(
        false,
        message,
        Optional.of(e.code()),
        Optional.of(e.errorReason()),
        e.remediation(),
        Map.of());
  }
}
