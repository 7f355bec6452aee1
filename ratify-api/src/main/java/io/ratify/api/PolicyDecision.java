package io.ratify.api;

import java.util.List;

/**
 * A policy's final word on a subject.
 *
 * @param allowed whether the subject may be trusted
 * @param reasons why not, when denied; empty when allowed
 */
public record PolicyDecision(boolean allowed, List<String> reasons) {
  /**
   * Canonical constructor: checks the components and copies mutable ones.
   *
   * @param allowed whether the subject may be trusted
   * @param reasons why not, when denied; empty when allowed
   */
  public PolicyDecision {
    reasons = List.copyOf(reasons);
  }

  /**
   * The subject may be trusted.
   *
   * @return an allowing decision with no reasons
   */
  public static PolicyDecision allow() {
    return new PolicyDecision(true, List.of());
  }

  /**
   * The subject may not be trusted.
   *
   * @param reasons why, for people
   * @return a denying decision carrying {@code reasons}
   */
  public static PolicyDecision deny(List<String> reasons) {
    return new PolicyDecision(false, reasons);
  }
}
