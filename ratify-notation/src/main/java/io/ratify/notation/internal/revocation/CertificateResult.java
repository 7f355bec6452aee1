package io.ratify.notation.internal.revocation;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The revocation status of one certificate of a chain.
 *
 * @param certificate the certificate checked
 * @param status its status
 * @param method how the status was determined
 * @param detail why, for people (empty when the status is good and nothing is worth saying)
 */
public record CertificateResult(
    X509Certificate certificate, RevocationStatus status, Method method, String detail) {
  public CertificateResult {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(detail, "detail");
  }
}
