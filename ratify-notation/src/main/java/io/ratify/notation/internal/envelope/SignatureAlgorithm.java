package io.ratify.notation.internal.envelope;

/**
 * The six Notary Project signature algorithms, with their JWS names, COSE labels and hash
 * algorithms.
 */
public enum SignatureAlgorithm {
  PS256("PS256", -37, "SHA-256", "sha256", 32),
  PS384("PS384", -38, "SHA-384", "sha384", 48),
  PS512("PS512", -39, "SHA-512", "sha512", 64),
  ES256("ES256", -7, "SHA-256", "sha256", 32),
  ES384("ES384", -35, "SHA-384", "sha384", 48),
  ES512("ES512", -36, "SHA-512", "sha512", 64);

  private final String jwsName;
  private final int coseLabel;
  private final String jcaHash;
  private final String ociDigestAlgorithm;
  private final int hashLength;

  SignatureAlgorithm(
      String jwsName, int coseLabel, String jcaHash, String ociDigestAlgorithm, int hashLength) {
    this.jwsName = jwsName;
    this.coseLabel = coseLabel;
    this.jcaHash = jcaHash;
    this.ociDigestAlgorithm = ociDigestAlgorithm;
    this.hashLength = hashLength;
  }

  public String jwsName() {
    return jwsName;
  }

  public int coseLabel() {
    return coseLabel;
  }

  /** JCA hash name, e.g. {@code SHA-384}. */
  public String jcaHash() {
    return jcaHash;
  }

  /** OCI digest algorithm, e.g. {@code sha384}. */
  public String ociDigestAlgorithm() {
    return ociDigestAlgorithm;
  }

  /** Hash output length in bytes (also the PSS salt length). */
  public int hashLength() {
    return hashLength;
  }

  public boolean isRsaPss() {
    return name().startsWith("PS");
  }
}
