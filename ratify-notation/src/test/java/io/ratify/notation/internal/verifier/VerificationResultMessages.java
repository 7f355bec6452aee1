package io.ratify.notation.internal.verifier;

/** Messages the verifier's results are expected to carry. */
final class VerificationResultMessages {
  static final String SUCCESS = "Notation signature verification success";

  private VerificationResultMessages() {}
}
