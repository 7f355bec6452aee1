package io.ratify.notation.internal.revocation;

/** The revocation status of one certificate, as the Notary Project specification names it. */
public enum RevocationStatus {
  /** Not revoked (or non-revocable: the certificate names no OCSP responder or CRL). */
  GOOD,
  /** Revoked (including on hold). */
  REVOKED,
  /**
   * Could not be determined: no responder answered, an answer did not verify or is stale, or the
   * responder does not know the certificate. Always a failure, never treated as good.
   */
  UNKNOWN
}
