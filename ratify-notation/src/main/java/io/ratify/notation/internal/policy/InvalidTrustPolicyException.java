package io.ratify.notation.internal.policy;

/**
 * A trust policy document that breaks a Notary Project rule. The message is notation-go's wording
 * for the same rule, so that users can search for it.
 */
public final class InvalidTrustPolicyException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidTrustPolicyException(String message) {
    super(message);
  }
}
