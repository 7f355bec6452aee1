package io.ratify.notation.internal.policy;

import java.util.Optional;

/**
 * The Notary Project trust store types; the value is both the trust policy prefix and the directory
 * name.
 */
public enum TrustStoreType {
  /** Certificate authorities for the {@code notary.x509} signing scheme. */
  CA("ca"),
  /** Signing authorities for the {@code notary.x509.signingAuthority} signing scheme. */
  SIGNING_AUTHORITY("signingAuthority"),
  /** Timestamping authority roots. */
  TSA("tsa");

  private final String value;

  TrustStoreType(String value) {
    this.value = value;
  }

  /** The spelling in trust policies and trust store layouts (case-sensitive). */
  public String value() {
    return value;
  }

  /** The type for a spelling, if it is one. */
  public static Optional<TrustStoreType> fromValue(String v) {
    for (TrustStoreType t : values()) {
      if (t.value.equals(v)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
