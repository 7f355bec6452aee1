package io.ratify.notation.internal.policy;

import java.util.Optional;

/** What a trust policy does with a failed check. */
public enum ValidationAction {
  /** A failure stops verification. */
  ENFORCE("enforce"),
  /** A failure is recorded as a warning and verification goes on. */
  LOG("log"),
  /** The check is not run (only revocation may be skipped by an override). */
  SKIP("skip");

  private final String value;

  ValidationAction(String value) {
    this.value = value;
  }

  /** The trust policy spelling. */
  public String value() {
    return value;
  }

  static Optional<ValidationAction> fromValue(String v) {
    for (ValidationAction a : values()) {
      if (a.value.equals(v)) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }
}
