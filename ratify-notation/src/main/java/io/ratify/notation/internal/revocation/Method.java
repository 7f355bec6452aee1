package io.ratify.notation.internal.revocation;

/** How a certificate's revocation status was determined. */
public enum Method {
  /** The certificate names neither an OCSP responder nor a CRL distribution point. */
  NONE,
  /** An OCSP response. */
  OCSP,
  /** A CRL (and any delta CRL). */
  CRL,
  /** OCSP did not give an answer, so the CRL was used. */
  OCSP_FALLBACK_CRL
}
