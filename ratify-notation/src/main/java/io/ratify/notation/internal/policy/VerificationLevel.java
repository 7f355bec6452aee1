package io.ratify.notation.internal.policy;

import io.ratify.notation.internal.Check;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The four signature verification levels and their default action per check (the specification's
 * table, which notation-go follows).
 */
public enum VerificationLevel {
  STRICT(
      "strict",
      ValidationAction.ENFORCE,
      ValidationAction.ENFORCE,
      ValidationAction.ENFORCE,
      ValidationAction.ENFORCE),
  PERMISSIVE(
      "permissive",
      ValidationAction.ENFORCE,
      ValidationAction.LOG,
      ValidationAction.LOG,
      ValidationAction.LOG),
  AUDIT(
      "audit",
      ValidationAction.LOG,
      ValidationAction.LOG,
      ValidationAction.LOG,
      ValidationAction.LOG),
  SKIP(
      "skip",
      ValidationAction.SKIP,
      ValidationAction.SKIP,
      ValidationAction.SKIP,
      ValidationAction.SKIP);

  private final String value;

  // Map.copyOf below makes it unmodifiable; Error Prone only knows Guava's immutable collections
  @SuppressWarnings("ImmutableEnumChecker")
  private final Map<Check, ValidationAction> defaults;

  VerificationLevel(
      String value,
      ValidationAction authenticity,
      ValidationAction authenticTimestamp,
      ValidationAction expiry,
      ValidationAction revocation) {
    this.value = value;
    EnumMap<Check, ValidationAction> m = new EnumMap<>(Check.class);
    m.put(Check.INTEGRITY, value.equals("skip") ? ValidationAction.SKIP : ValidationAction.ENFORCE);
    m.put(Check.AUTHENTICITY, authenticity);
    m.put(Check.TRUSTED_IDENTITY, authenticity);
    m.put(Check.AUTHENTIC_TIMESTAMP, authenticTimestamp);
    m.put(Check.EXPIRY, expiry);
    m.put(Check.REVOCATION, revocation);
    this.defaults = Map.copyOf(m);
  }

  /** The trust policy spelling. */
  public String value() {
    return value;
  }

  /** The level's action for {@code check} before overrides. */
  public ValidationAction defaultAction(Check check) {
    return defaults.get(check);
  }

  static Optional<VerificationLevel> fromValue(String v) {
    for (VerificationLevel l : values()) {
      if (l.value.equals(v)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }
}
