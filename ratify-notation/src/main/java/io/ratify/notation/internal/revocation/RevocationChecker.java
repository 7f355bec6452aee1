package io.ratify.notation.internal.revocation;

import io.ratify.api.Deadline;
import io.ratify.api.RatifyException;
import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import io.ratify.notation.internal.x509.Revocation;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks the revocation status of a certificate chain as the Notary Project specification and
 * notation-core-go do: each certificate except the root is checked against the next one (its
 * issuer); a lone self-signed certificate is not checked. A certificate with OCSP responders is
 * checked by OCSP first; if OCSP gives no answer (or "unknown") and it has CRL distribution points,
 * its CRLs decide. A certificate with neither is non-revocable, which counts as good. A revoked
 * OCSP answer is final.
 *
 * <p>Network access is plain HTTP with per-request timeouts and size bounds, always inside the
 * caller's {@link Deadline}; answers are cached (OCSP in memory, CRLs in memory and optionally in a
 * directory) until their nextUpdate. In offline mode only cached answers are used, and a
 * certificate without one is unknown with the reason "revocation status unknown (offline, not
 * cached)". An unreachable responder is never "good". Thread-safe; one instance is shared by all
 * verifications of a verifier so that its caches are.
 */
public final class RevocationChecker {
  private final RevocationOptions options;
  private final OcspClient ocsp;
  private final CrlClient crl;

  /**
   * @param options network bounds, cache and offline mode
   * @param clock the clock for freshness of OCSP answers and CRLs
   */
  public RevocationChecker(RevocationOptions options, Clock clock) {
    this.options = Objects.requireNonNull(options, "options");
    Objects.requireNonNull(clock, "clock");
    HttpFetcher http = new HttpFetcher(options);
    this.ocsp = new OcspClient(http, options, clock);
    this.crl = new CrlClient(http, options, clock, new CrlCache(options));
  }

  /**
   * Drops the OCSP answers and CRLs held in memory (the cache directory, if any, is kept), so that
   * the next check asks the directory or the network again.
   */
  public void clearMemoryCaches() {
    ocsp.clear();
    crl.clearMemory();
  }

  /** The options in use. */
  public RevocationOptions options() {
    return options;
  }

  /**
   * Checks {@code chain} (leaf first, root last).
   *
   * @param signingTime the authentic signing time (signing-authority scheme), if any; revocations
   *     whose invalidity date is after it do not invalidate
   * @param deadline bounds all network access
   * @return per-certificate results
   * @throws RatifyException only when the deadline passes or the thread is interrupted
   */
  public ChainResult check(
      List<X509Certificate> chain, Optional<Instant> signingTime, Deadline deadline)
      throws RatifyException {
    List<CertificateResult> out = new ArrayList<>();
    for (int i = 0; i < chain.size() - 1; i++) {
      out.add(checkOne(chain.get(i), chain.get(i + 1), signingTime, deadline));
    }
    return new ChainResult(out);
  }

  private CertificateResult checkOne(
      X509Certificate cert,
      X509Certificate issuer,
      Optional<Instant> signingTime,
      Deadline deadline)
      throws RatifyException {
    Revocation.Endpoints endpoints = Revocation.describe(cert);
    if (endpoints.unparsable()) {
      return new CertificateResult(
          cert,
          RevocationStatus.UNKNOWN,
          Method.NONE,
          "its authority information access or CRL distribution points extension is malformed");
    }
    String ocspProblem = null;
    if (!endpoints.ocsp().isEmpty()) {
      try {
        RevocationStatus s = ocsp.check(cert, issuer, endpoints.ocsp(), signingTime, deadline);
        if (s != RevocationStatus.UNKNOWN || endpoints.crl().isEmpty()) {
          return new CertificateResult(
              cert,
              s,
              Method.OCSP,
              s == RevocationStatus.UNKNOWN
                  ? "the OCSP responder does not know the certificate"
                  : "");
        }
        ocspProblem = "the OCSP responder does not know the certificate";
      } catch (StatusUnknownException e) {
        if (endpoints.crl().isEmpty()) {
          return new CertificateResult(cert, RevocationStatus.UNKNOWN, Method.OCSP, e.getMessage());
        }
        ocspProblem = e.getMessage();
      }
    }
    if (endpoints.crl().isEmpty()) {
      return new CertificateResult(cert, RevocationStatus.GOOD, Method.NONE, "");
    }
    Method method = ocspProblem == null ? Method.CRL : Method.OCSP_FALLBACK_CRL;
    try {
      RevocationStatus s = crl.check(cert, issuer, endpoints.crl(), signingTime, deadline);
      return new CertificateResult(cert, s, method, "");
    } catch (StatusUnknownException e) {
      String detail =
          ocspProblem == null
              ? e.getMessage()
              : "OCSP: " + ocspProblem + "; CRL: " + e.getMessage();
      return new CertificateResult(cert, RevocationStatus.UNKNOWN, method, detail);
    }
  }

  /**
   * Checks a verified TSA certificate chain (TSA certificate first, trusted root last), as
   * notation-go does in timestamp verification: no signing time spares a revocation, and a revoked
   * or unknown status is an {@link Check#AUTHENTIC_TIMESTAMP} failure, so that the trust policy's
   * {@code authenticTimestamp} action (not {@code revocation}) governs it.
   *
   * @param tsaChain the TSA chain
   * @param deadline bounds all network access
   * @throws VerificationFailure when a certificate is revoked or its status is unknown
   * @throws RatifyException only when the deadline passes or the thread is interrupted
   */
  public void checkTimestampingChain(List<X509Certificate> tsaChain, Deadline deadline)
      throws VerificationFailure, RatifyException {
    Optional<String> failure =
        check(tsaChain, Optional.empty(), deadline).failureMessage("timestamping");
    if (failure.isPresent()) {
      throw new VerificationFailure(Check.AUTHENTIC_TIMESTAMP, failure.get());
    }
  }
}
