package io.ratify.notation.internal.cbor;

/** Malformed or out-of-bounds CBOR. The message says where and why; it never contains the input. */
public final class CborException extends Exception {
  private static final long serialVersionUID = 1L;

  public CborException(String message) {
    super(message);
  }
}
