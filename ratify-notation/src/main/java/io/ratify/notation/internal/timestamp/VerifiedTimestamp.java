package io.ratify.notation.internal.timestamp;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 3161 timestamp token whose signature, message imprint and TSA chain verified.
 *
 * @param genTime the time the TSA asserts
 * @param accuracy the token's accuracy (explicit, or 1 s under the RFC 3628 baseline policy, else
 *     zero)
 * @param tsaChain the validated TSA chain, TSA certificate first, ending with the trusted {@code
 *     tsa} root
 */
public record VerifiedTimestamp(
    Instant genTime, Duration accuracy, List<X509Certificate> tsaChain) {
  public VerifiedTimestamp {
    Objects.requireNonNull(genTime, "genTime");
    Objects.requireNonNull(accuracy, "accuracy");
    tsaChain = List.copyOf(tsaChain);
  }

  /** The earliest time the timestamp may stand for: {@code genTime - accuracy}. */
  public Instant earliest() {
    return genTime.minus(accuracy);
  }

  /** The latest time the timestamp may stand for: {@code genTime + accuracy}. */
  public Instant latest() {
    return genTime.plus(accuracy);
  }
}
