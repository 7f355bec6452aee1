package io.ratify.notation.internal;

import java.util.Objects;

/**
 * A failed Notary Project check: which check failed and why. Thrown inside the notation module only
 * and turned into a failed {@link io.ratify.api.VerificationResult} (or a logged failure, depending
 * on the trust policy level) by the verifier. Never escapes the module.
 */
public final class VerificationFailure extends Exception {
  private static final long serialVersionUID = 1L;
  private final Check check;

  public VerificationFailure(Check check, String reason) {
    super(reason);
    this.check = Objects.requireNonNull(check, "check");
  }

  public VerificationFailure(Check check, String reason, Throwable cause) {
    super(reason, cause);
    this.check = Objects.requireNonNull(check, "check");
  }

  /** The check that failed. */
  public Check check() {
    return check;
  }

  /** Why, for people. */
  public String reason() {
    return getMessage();
  }
}
