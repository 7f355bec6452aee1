package io.ratify.notation.testing;

/**
 * Key types for {@link CertificateAuthority}. The first six are the Notary Project key specs;
 * {@link #RSA_1024} and {@link #EC_P224} are deliberately unsupported ones for negative tests.
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
  EC_P521("EC", 521),
  /** Not accepted by the Notary Project; for tests only. */
  RSA_1024("RSA", 1024),
  /** Not accepted by the Notary Project; for tests only. */
  EC_P224("EC", 224);

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

  /**
   * Whether the Notary Project accepts this key spec.
   *
   * @return whether the Notary Project accepts this key spec
   */
  public boolean isNotarySupported() {
    return this != RSA_1024 && this != EC_P224;
  }
}
