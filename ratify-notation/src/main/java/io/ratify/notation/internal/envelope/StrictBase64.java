package io.ratify.notation.internal.envelope;

import java.util.Base64;

/**
 * Base64 decoding that accepts exactly one spelling of each byte string: the alphabet of the
 * variant, padding only where the variant requires it, and zero bits in the unused tail of the last
 * character. Notation writes canonical base64, so this refuses nothing notation makes, while it
 * keeps two different envelopes from decoding to the same bytes.
 */
final class StrictBase64 {
  private StrictBase64() {}

  /**
   * Unpadded base64url (RFC 7515 {@code BASE64URL}). Returns null with {@code why[0]} set when
   * malformed.
   */
  static byte[] urlUnpadded(String s, String[] why) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(isAlnum(c) || c == '-' || c == '_')) {
        why[0] = "illegal base64 data at input byte " + i;
        return null;
      }
    }
    if (s.length() % 4 == 1) {
      why[0] = "illegal base64 data at input byte " + s.length();
      return null;
    }
    if (!canonicalTail(s, s.length(), true)) {
      why[0] = "non-canonical base64url data: unused bits of the last character are not zero";
      return null;
    }
    return Base64.getUrlDecoder().decode(s);
  }

  /**
   * Standard base64 with padding (what Go writes for {@code []byte}). Returns null with {@code
   * why[0]} set.
   */
  static byte[] stdPadded(String s, String[] why) {
    if (s.length() % 4 != 0) {
      why[0] = "illegal base64 data: length " + s.length() + " is not a multiple of 4";
      return null;
    }
    int pad = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
    int data = s.length() - pad;
    for (int i = 0; i < data; i++) {
      char c = s.charAt(i);
      if (!(isAlnum(c) || c == '+' || c == '/')) {
        why[0] = "illegal base64 data at input byte " + i;
        return null;
      }
    }
    if (!canonicalTail(s, data, false)) {
      why[0] = "non-canonical base64 data: unused bits of the last character are not zero";
      return null;
    }
    return Base64.getDecoder().decode(s);
  }

  private static boolean isAlnum(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  /**
   * With {@code data} significant characters, the last one must not carry bits past the end of the
   * bytes.
   */
  private static boolean canonicalTail(String s, int data, boolean url) {
    int rem = data % 4;
    if (rem == 0 || data == 0) {
      return true;
    }
    int v = value(s.charAt(data - 1), url);
    // 2 chars -> 1 byte: low 4 bits unused; 3 chars -> 2 bytes: low 2 bits unused.
    int mask = rem == 2 ? 0x0f : 0x03;
    return (v & mask) == 0;
  }

  private static int value(char c, boolean url) {
    if (c >= 'A' && c <= 'Z') {
      return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
      return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
      return c - '0' + 52;
    }
    if (c == (url ? '-' : '+')) {
      return 62;
    }
    return 63;
  }
}
