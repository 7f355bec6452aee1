package io.ratify.notation.internal.envelope;

/** The Notary Project signing schemes. */
public enum SigningScheme {
  /**
   * {@code notary.x509}: signing time is unauthenticated; timestamp countersignature proves time.
   */
  X509("notary.x509"),
  /**
   * {@code notary.x509.signingAuthority}: authentic signing time is asserted by the signing
   * authority.
   */
  X509_SIGNING_AUTHORITY("notary.x509.signingAuthority");

  private final String value;

  SigningScheme(String value) {
    this.value = value;
  }

  /** The header value. */
  public String value() {
    return value;
  }

  /** The scheme for a header value, if it is one. */
  public static java.util.Optional<SigningScheme> fromValue(String v) {
    for (SigningScheme s : values()) {
      if (s.value.equals(v)) {
        return java.util.Optional.of(s);
      }
    }
    return java.util.Optional.empty();
  }
}
