package io.ratify.notation.testing;

/**
 * Key types for {@link CertificateAuthority}: the six Notary Project key specs. Tests that need a
 * key the Notary Project refuses make one themselves and pass it to {@link
 * CertificateAuthority#issue(CertificateProfile, java.security.KeyPair)}.
 */
public enum KeySpec {
  /** RSA with a 2048-bit modulus. */
  RSA_2048("RSA", 2048),
  /** RSA with a 3072-bit modulus. */
  RSA_3072("RSA", 3072),
  /** RSA with a 4096-bit modulus. */
  RSA_4096("RSA", 4096),
  /** ECDSA on NIST P-256. */
  EC_P256("EC", 256),
  /** ECDSA on NIST P-384. */
  EC_P384("EC", 384),
  /** ECDSA on NIST P-521. */
  EC_P521("EC", 521);

  private final String algorithm;
  private final int size;

  KeySpec(String algorithm, int size) {
    this.algorithm = algorithm;
    this.size = size;
  }

  /**
   * {@code RSA} or {@code EC}.
   *
   * @return {@code RSA} or {@code EC}
   */
  public String algorithm() {
    return algorithm;
  }

  /**
   * Modulus bits (RSA) or curve size (EC).
   *
   * @return modulus bits (RSA) or curve size (EC)
   */
  public int size() {
    return size;
  }
}
