package io.ratify.core.internal.executor;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The failures of one validation that forbid its success whatever the policy decides (a listing
 * that failed, a call that timed out, a policy that threw), once each, in the order they happened.
 * Thread-safe.
 */
final class Failures {
  private final Set<String> reasons = new LinkedHashSet<>();

  /** Remembers {@code reason} and returns it. */
  synchronized String record(String reason) {
    reasons.add(reason);
    return reason;
  }

  /** What was recorded so far. */
  synchronized List<String> snapshot() {
    return List.copyOf(reasons);
  }
}
