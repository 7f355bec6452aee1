package io.ratify.notation.internal.timestamp;

import io.ratify.api.Deadline;
import io.ratify.api.RatifyException;
import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import io.ratify.notation.internal.x509.Revocation;
import io.ratify.notation.internal.x509.Subjects;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The revocation step of timestamp verification: the seam through which the verifier asks whether
 * any certificate of a validated TSA chain is revoked (notary-notes §3.4 step 5g).
 *
 * <p>Contract for implementations: {@link #check} is called once per verified timestamp, after the
 * token's signature, message imprint and TSA chain (to a {@code tsa} trust store root, valid at
 * genTime) verified. It returns normally only when every certificate except the root is known not
 * to be revoked (or names no OCSP/CRL endpoint); a revoked certificate or an unknown status is a
 * {@link VerificationFailure} with {@link Check#AUTHENTIC_TIMESTAMP}, so that — as in notation-go —
 * the result follows the trust policy's {@code authenticTimestamp} action and no {@code revocation}
 * setting turns it off. Store or network faults that are not a revocation answer may be thrown as
 * {@link RatifyException}. Implementations must be thread-safe and must honour the deadline.
 *
 * <p>The default, {@link #unavailable()}, fails closed: a chain whose non-root certificates name
 * OCSP or CRL endpoints fails, because their status cannot be checked here. An OCSP/CRL checker
 * (package {@code io.ratify.notation.internal.revocation}) plugs in through {@code
 * NotationVerifier}'s constructor.
 */
@FunctionalInterface
public interface TsaChainRevocation {
  /**
   * Checks the revocation status of a validated TSA chain.
   *
   * @param tsaChain the TSA chain, TSA certificate first, ending with the trusted root
   * @param deadline the request deadline
   * @throws VerificationFailure with {@link Check#AUTHENTIC_TIMESTAMP} when a certificate is
   *     revoked or its status is unknown
   * @throws RatifyException for faults that are not revocation answers
   */
  void check(List<X509Certificate> tsaChain, Deadline deadline)
      throws VerificationFailure, RatifyException;

  /**
   * The fail-closed default: no revocation checker is available, so a non-root certificate that
   * names OCSP or CRL endpoints fails; a chain without endpoints passes ("non-revocable", as in
   * notation-core-go).
   */
  static TsaChainRevocation unavailable() {
    return (chain, deadline) -> {
      // The root (last certificate) is never checked, as in notation.
      for (int i = 0; i < chain.size() - 1; i++) {
        X509Certificate c = chain.get(i);
        if (Revocation.endpointsOf(c)) {
          throw new VerificationFailure(
              Check.AUTHENTIC_TIMESTAMP,
              "revocation checking of the TSA certificate chain is not available: certificate \""
                  + Subjects.of(c)
                  + "\" names OCSP or CRL endpoints, so its revocation status is unknown"
                  + " (it needs network access to the TSA's OCSP responder or CRL, or a cached"
                  + " answer)");
        }
      }
    };
  }
}
