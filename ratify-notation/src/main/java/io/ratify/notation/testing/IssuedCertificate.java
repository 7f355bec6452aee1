package io.ratify.notation.testing;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A certificate made by {@link CertificateAuthority}, with its private key and its chain (this
 * certificate first, the root last). For demos and tests: the private key lives in memory.
 *
 * @param privateKey the certificate's private key
 * @param certificate the certificate
 * @param chain the chain from this certificate to the root, inclusive
 */
public record IssuedCertificate(
    PrivateKey privateKey, X509Certificate certificate, List<X509Certificate> chain) {
  /**
   * Checks the components and copies the chain.
   *
   * @param certificate the certificate
   * @param chain the chain
   * @param privateKey the private key
   */
  public IssuedCertificate {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(certificate, "certificate");
    chain = List.copyOf(chain);
    if (chain.isEmpty() || !chain.get(0).equals(certificate)) {
      throw new IllegalArgumentException("the chain must start with the certificate");
    }
  }

  /** Never prints key material. */
  @Override
  public String toString() {
    return "IssuedCertificate["
        + certificate.getSubjectX500Principal().getName()
        + ", chain of "
        + chain.size()
        + "]";
  }
}
