package io.ratify.notation.internal.truststore;

import io.ratify.notation.internal.policy.DistinguishedName;
import io.ratify.notation.internal.policy.GoText;
import io.ratify.notation.internal.policy.TrustStoreType;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/** notation's rules on what a trust store may hold. */
public final class TrustAnchors {
  private TrustAnchors() {}

  /**
   * Why {@code cert} may not be in a store of {@code type}, if it may not: {@code ca} and {@code
   * signingAuthority} stores take CA certificates or self-signed certificates; {@code tsa} stores
   * take self-signed root CA certificates only (issuer equal to subject, the signature verifies
   * with the certificate's own key, and — as Go's {@code CheckSignatureFrom} requires of a version
   * 3 certificate — basic constraints with cA set).
   */
  public static Optional<String> problem(TrustStoreType type, X509Certificate cert) {
    String subject = GoText.quote(DistinguishedName.goString(cert.getSubjectX500Principal()));
    if (type == TrustStoreType.TSA) {
      if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())
          || !selfSigned(cert)
          || (cert.getVersion() >= 3 && cert.getBasicConstraints() < 0)) {
        return Optional.of(
            "certificate with subject "
                + subject
                + " is not a root certificate. Only root certificates are allowed in a TSA trust"
                + " store");
      }
      return Optional.empty();
    }
    if (cert.getBasicConstraints() < 0 && !selfSigned(cert)) {
      return Optional.of(
          "certificate with subject "
              + subject
              + " is not a CA certificate or self-signed signing certificate");
    }
    return Optional.empty();
  }

  private static boolean selfSigned(X509Certificate cert) {
    try {
      cert.verify(cert.getPublicKey());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
