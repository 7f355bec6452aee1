package io.ratify.notation.internal.envelope;

/**
 * Size and count bounds on envelopes; generous for anything notation makes, small enough to bound
 * the work.
 */
final class Limits {
  private Limits() {}

  /** Largest envelope accepted (notation's own timestamped envelopes are about 10 KiB). */
  static final int MAX_ENVELOPE_BYTES = 4 * 1024 * 1024;

  /** Largest payload (a descriptor with annotations). */
  static final int MAX_PAYLOAD_BYTES = 1024 * 1024;

  /** Largest encoded protected header. */
  static final int MAX_PROTECTED_BYTES = 64 * 1024;

  /** Most protected header entries. */
  static final int MAX_HEADER_ENTRIES = 64;

  /** Most certificates in the chain. */
  static final int MAX_CERTIFICATES = 10;

  /** Largest DER certificate. */
  static final int MAX_CERTIFICATE_BYTES = 64 * 1024;

  /** Largest timestamp token. */
  static final int MAX_TIMESTAMP_BYTES = 256 * 1024;
}
