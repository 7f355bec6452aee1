package io.ratify.notation.internal.truststore;

/**
 * A trust store that cannot be used: missing, unreadable, holding something that is not a
 * certificate, or holding a certificate notation does not accept as a trust anchor. The verifier
 * reports it as an authenticity failure, as notation does.
 */
public final class TrustStoreException extends Exception {
  private static final long serialVersionUID = 1L;

  public TrustStoreException(String message) {
    super(message);
  }
}
