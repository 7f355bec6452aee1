package io.ratify.notation.internal.revocation;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;

/** Small helpers for signed revocation data. */
final class Der {
  private Der() {}

  /**
   * Requires {@code bytes} to be exactly one DER-encoded value: OCSP responses and CRLs are DER
   * (RFC 6960, RFC 5280), and accepting BER or trailing bytes would only widen what an attacker can
   * send.
   */
  static void requireDer(byte[] bytes, String what) throws StatusUnknownException {
    ASN1Primitive p;
    try {
      p = ASN1Primitive.fromByteArray(bytes);
      if (p == null || !Arrays.equals(p.getEncoded(ASN1Encoding.DER), bytes)) {
        throw new StatusUnknownException(what + " is not a single DER-encoded value");
      }
    } catch (IOException | RuntimeException e) {
      throw new StatusUnknownException(what + " is not valid DER: " + e.getMessage(), e);
    }
  }

  /**
   * Requires {@code bytes} to be exactly one strict DER value as RFC 5280 profiles it (the shared
   * parsing kit: minimal lengths and integers, {@code Z} times without fractional seconds, nothing
   * after the value). Used for CRLs, which RFC 5280 §5.1.2.4 binds to that profile; OCSP responses
   * use {@link #requireDer}, because RFC 6960 does not forbid fractional seconds.
   */
  static void requireStrictDer(byte[] bytes, String what) throws StatusUnknownException {
    try {
      io.ratify.api.internal.parse.Der.checkElement(bytes);
    } catch (io.ratify.api.internal.parse.MalformedException e) {
      throw new StatusUnknownException(what + " is not strict DER: " + e.getMessage(), e);
    }
  }

  static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}
