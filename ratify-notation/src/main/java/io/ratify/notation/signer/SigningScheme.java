package io.ratify.notation.signer;

/** The Notary Project signing schemes a {@link NotationSigner} can use. */
public enum SigningScheme {
  /**
   * {@code notary.x509}: the envelope carries an unauthenticated signing time; verifiers check the
   * chain against {@code ca} trust stores.
   */
  X509("notary.x509"),
  /**
   * {@code notary.x509.signingAuthority}: the envelope carries a critical authentic signing time;
   * verifiers check the chain against {@code signingAuthority} trust stores.
   */
  X509_SIGNING_AUTHORITY("notary.x509.signingAuthority");

  private final String headerValue;

  SigningScheme(String headerValue) {
    this.headerValue = headerValue;
  }

  /**
   * The value of the {@code io.cncf.notary.signingScheme} header.
   *
   * @return the value of the {@code io.cncf.notary.signingScheme} header
   */
  public String headerValue() {
    return headerValue;
  }
}
