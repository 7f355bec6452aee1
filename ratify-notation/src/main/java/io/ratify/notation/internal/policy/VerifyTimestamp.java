package io.ratify.notation.internal.policy;

/** The {@code verifyTimestamp} option: when a timestamp countersignature must be verified. */
public enum VerifyTimestamp {
  /** Always (also the meaning of an unset option). */
  ALWAYS("always"),
  /** Only when a certificate of the signing chain has expired at verification time. */
  AFTER_CERT_EXPIRY("afterCertExpiry");

  private final String value;

  VerifyTimestamp(String value) {
    this.value = value;
  }

  /** The trust policy spelling. */
  public String value() {
    return value;
  }
}
