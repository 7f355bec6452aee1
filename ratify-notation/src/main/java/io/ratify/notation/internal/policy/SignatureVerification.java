package io.ratify.notation.internal.policy;

import io.ratify.notation.internal.Check;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The effective {@code signatureVerification} of a trust policy statement: its level, the action of
 * every check after overrides, and the {@code verifyTimestamp} option (an unset option means {@link
 * VerifyTimestamp#ALWAYS}). The trusted-identity check always follows the authenticity action, as
 * in notation.
 *
 * @param level the base level
 * @param actions the action per check, overrides applied; every {@link Check} has one
 * @param verifyTimestamp when to verify timestamp countersignatures
 */
public record SignatureVerification(
    VerificationLevel level,
    Map<Check, ValidationAction> actions,
    VerifyTimestamp verifyTimestamp) {

  public SignatureVerification {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(verifyTimestamp, "verifyTimestamp");
    EnumMap<Check, ValidationAction> copy = new EnumMap<>(Check.class);
    for (Check c : Check.values()) {
      copy.put(c, Objects.requireNonNull(actions.get(c), () -> "no action for " + c));
    }
    copy.put(Check.TRUSTED_IDENTITY, copy.get(Check.AUTHENTICITY));
    actions = Map.copyOf(copy);
  }

  /** A level without overrides. */
  public static SignatureVerification of(VerificationLevel level) {
    EnumMap<Check, ValidationAction> m = new EnumMap<>(Check.class);
    for (Check c : Check.values()) {
      m.put(c, level.defaultAction(c));
    }
    return new SignatureVerification(level, m, VerifyTimestamp.ALWAYS);
  }

  /** The action for a check. */
  public ValidationAction action(Check check) {
    return actions.get(check);
  }

  /** Whether this is the {@code skip} level (no verification at all). */
  public boolean skipsVerification() {
    return level == VerificationLevel.SKIP;
  }
}
