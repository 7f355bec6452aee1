package io.ratify.notation.internal.revocation;

/**
 * Why a revocation source (one OCSP responder, one CRL) gave no usable answer. Internal to the
 * revocation package: it always becomes {@link RevocationStatus#UNKNOWN}, never "good".
 */
final class StatusUnknownException extends Exception {
  private static final long serialVersionUID = 1L;

  StatusUnknownException(String reason) {
    super(reason, null, false, false);
  }

  StatusUnknownException(String reason, Throwable cause) {
    super(reason, cause, false, false);
  }
}
