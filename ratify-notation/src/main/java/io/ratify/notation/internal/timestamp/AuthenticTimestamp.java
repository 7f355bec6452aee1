package io.ratify.notation.internal.timestamp;

import io.ratify.api.Deadline;
import io.ratify.api.RatifyException;
import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import io.ratify.notation.internal.envelope.SignedEnvelope;
import io.ratify.notation.internal.policy.GoText;
import io.ratify.notation.internal.policy.TrustPolicyStatement;
import io.ratify.notation.internal.policy.TrustStoreType;
import io.ratify.notation.internal.policy.VerifyTimestamp;
import io.ratify.notation.internal.x509.ChainValidity;
import io.ratify.notation.internal.x509.Subjects;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The authentic-timestamp step for the {@code notary.x509} scheme (notary-notes §1.5, §3.4 step 5):
 *
 * <ul>
 *   <li>Timestamp verification runs when the statement names a {@code tsa} trust store and {@code
 *       verifyTimestamp} is unset or {@code always}, or it is {@code afterCertExpiry} and some
 *       certificate of the signing chain has expired now.
 *   <li>When it does not run, every certificate of the signing chain must be valid now.
 *   <li>When it runs, the envelope must carry a countersignature; the token must verify over the
 *       raw signature bytes against the {@code tsa} roots ({@link TimestampTokens}); [genTime −
 *       accuracy, genTime + accuracy] must lie inside the validity of every certificate of the
 *       signing chain; and the TSA chain must pass {@link TsaChainRevocation} (always — no {@code
 *       revocation} setting turns it off).
 * </ul>
 *
 * Every failure is a {@link VerificationFailure} with {@link Check#AUTHENTIC_TIMESTAMP}.
 */
public final class AuthenticTimestamp {
  private AuthenticTimestamp() {}

  /** Loads the certificates of the statement's {@code tsa} trust stores. */
  @FunctionalInterface
  public interface TsaRoots {
    /**
     * The trusted TSA roots.
     *
     * @return the certificates, never empty
     * @throws VerificationFailure with {@link Check#AUTHENTIC_TIMESTAMP} when a store cannot be
     *     loaded
     * @throws RatifyException when a key management provider fails
     */
    List<X509Certificate> load() throws VerificationFailure, RatifyException;
  }

  /**
   * Whether {@code statement} requires verifying the timestamp of a {@code notary.x509} signature
   * with this chain at {@code now}.
   */
  public static boolean required(
      TrustPolicyStatement statement, List<X509Certificate> chain, Instant now) {
    if (statement.trustStores(TrustStoreType.TSA).isEmpty()) {
      return false;
    }
    if (statement.signatureVerification().verifyTimestamp() == VerifyTimestamp.AFTER_CERT_EXPIRY) {
      return chain.stream().anyMatch(c -> now.isAfter(c.getNotAfter().toInstant()));
    }
    return true;
  }

  /**
   * Runs the step for a {@code notary.x509} envelope.
   *
   * @throws VerificationFailure with {@link Check#AUTHENTIC_TIMESTAMP} when the step fails
   * @throws RatifyException when trust material or a revocation source fails outright
   */
  public static void verifyX509(
      TrustPolicyStatement statement,
      SignedEnvelope envelope,
      Instant now,
      TsaRoots roots,
      TsaChainRevocation revocation,
      Deadline deadline)
      throws VerificationFailure, RatifyException {
    Objects.requireNonNull(revocation, "revocation");
    List<X509Certificate> chain = envelope.certificateChain();
    if (!required(statement, chain, now)) {
      ChainValidity.checkValidAt(chain, now);
      return;
    }
    if (envelope.timestampToken().isEmpty()) {
      throw new VerificationFailure(
          Check.AUTHENTIC_TIMESTAMP,
          "no timestamp countersignature was found in the signature envelope");
    }
    VerifiedTimestamp ts =
        TimestampTokens.verify(envelope.timestampToken().get(), envelope.signature(), roots.load());
    checkSigningChainCovers(chain, ts);
    deadline.check("checking the revocation status of the TSA certificate chain");
    revocation.check(ts.tsaChain(), deadline);
  }

  /**
   * The whole range [genTime − accuracy, genTime + accuracy] must lie inside the validity of every
   * certificate of the signing chain, in notation-go's words.
   */
  public static void checkSigningChainCovers(List<X509Certificate> chain, VerifiedTimestamp ts)
      throws VerificationFailure {
    for (X509Certificate c : chain) {
      Instant notBefore = c.getNotBefore().toInstant();
      Instant notAfter = c.getNotAfter().toInstant();
      if (ts.earliest().isBefore(notBefore)) {
        throw new VerificationFailure(
            Check.AUTHENTIC_TIMESTAMP,
            "timestamp can be before certificate \""
                + Subjects.of(c)
                + "\" validity period, it will be valid from \""
                + GoText.rfc1123z(notBefore)
                + "\"");
      }
      if (ts.latest().isAfter(notAfter)) {
        throw new VerificationFailure(
            Check.AUTHENTIC_TIMESTAMP,
            "timestamp can be after certificate \""
                + Subjects.of(c)
                + "\" validity period, it was expired at \""
                + GoText.rfc1123z(notAfter)
                + "\"");
      }
    }
  }
}
