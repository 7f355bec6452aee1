package io.ratify.notation.internal.revocation;

import io.ratify.notation.internal.x509.Subjects;
import java.util.List;
import java.util.Optional;

/**
 * The revocation status of a certificate chain: one result per checked certificate (every
 * certificate but the root), leaf first. The chain is good only if every certificate is good or
 * non-revocable; revoked if any is revoked; otherwise unknown.
 *
 * @param certificates the per-certificate results, leaf first
 */
public record ChainResult(List<CertificateResult> certificates) {
  public ChainResult {
    certificates = List.copyOf(certificates);
  }

  /** The status of the whole chain. */
  public RevocationStatus status() {
    boolean unknown = false;
    for (CertificateResult r : certificates) {
      if (r.status() == RevocationStatus.REVOKED) {
        return RevocationStatus.REVOKED;
      }
      unknown |= r.status() == RevocationStatus.UNKNOWN;
    }
    return unknown ? RevocationStatus.UNKNOWN : RevocationStatus.GOOD;
  }

  /**
   * The certificate that decides a bad status: a revoked one before an unknown one, the one nearest
   * the root first (as notation-go reports it).
   */
  public Optional<CertificateResult> problem() {
    for (RevocationStatus s : List.of(RevocationStatus.REVOKED, RevocationStatus.UNKNOWN)) {
      for (int i = certificates.size() - 1; i >= 0; i--) {
        if (certificates.get(i).status() == s) {
          return Optional.of(certificates.get(i));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * notation-go's message for a bad status, with the reason appended: {@code <role> certificate
   * with subject "<s>" is revoked} or {@code ... revocation status is unknown: <why>}.
   *
   * @param role {@code signing} or {@code timestamping}
   */
  public Optional<String> failureMessage(String role) {
    return problem()
        .map(
            p -> {
              String head =
                  role
                      + " certificate with subject \""
                      + Subjects.of(p.certificate())
                      + "\" "
                      + (p.status() == RevocationStatus.REVOKED
                          ? "is revoked"
                          : "revocation status is unknown");
              return p.detail().isEmpty() ? head : head + ": " + p.detail();
            });
  }
}
