package io.ratify.api.testing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Writes DER for tests and demos: enough of X.690 to build certificates ({@link TestPki}) and to
 * re-encode them in non-DER ways ({@link DerMutations}). Every method returns one complete element
 * with minimal lengths; the caller is responsible for the order of SET elements and for INTEGER
 * values being what it means. Safe for concurrent use.
 */
public final class DerWriter {
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter GENERALIZED =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private DerWriter() {}

  /**
   * An element with a minimal definite length.
   *
   * @param tag the tag octet
   * @param content the contents
   * @return the element
   */
  public static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
    out.write(tag);
    out.writeBytes(length(content.length));
    out.writeBytes(content);
    return out.toByteArray();
  }

  /**
   * The minimal definite length octets of {@code n}.
   *
   * @param n the length
   * @return its octets
   */
  public static byte[] length(int n) {
    if (n < 0x80) {
      return new byte[] {(byte) n};
    }
    byte[] v = BigInteger.valueOf(n).toByteArray();
    int skip = v[0] == 0 ? 1 : 0;
    byte[] out = new byte[v.length - skip + 1];
    out[0] = (byte) (0x80 | (v.length - skip));
    System.arraycopy(v, skip, out, 1, v.length - skip);
    return out;
  }

  /**
   * The concatenation of elements.
   *
   * @param parts the elements
   * @return their bytes back to back
   */
  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /**
   * A SEQUENCE.
   *
   * @param parts its elements
   * @return the element
   */
  public static byte[] sequence(byte[]... parts) {
    return tlv(0x30, concat(parts));
  }

  /**
   * A SET (the caller orders the elements).
   *
   * @param parts its elements
   * @return the element
   */
  public static byte[] set(byte[]... parts) {
    return tlv(0x31, concat(parts));
  }

  /**
   * An explicitly tagged element {@code [n]}.
   *
   * @param n the context tag number
   * @param inner the element inside
   * @return the element
   */
  public static byte[] explicit(int n, byte[] inner) {
    return tlv(0xa0 | n, inner);
  }

  /**
   * An INTEGER.
   *
   * @param v the value
   * @return the element
   */
  public static byte[] integer(BigInteger v) {
    return tlv(0x02, v.toByteArray());
  }

  /**
   * A BOOLEAN.
   *
   * @param v the value
   * @return the element
   */
  public static byte[] bool(boolean v) {
    return tlv(0x01, new byte[] {v ? (byte) 0xff : 0});
  }

  /**
   * An OCTET STRING.
   *
   * @param v the contents
   * @return the element
   */
  public static byte[] octets(byte[] v) {
    return tlv(0x04, v);
  }

  /**
   * A BIT STRING of whole octets.
   *
   * @param v the bits
   * @return the element
   */
  public static byte[] bits(byte[] v) {
    return tlv(0x03, concat(new byte[] {0}, v));
  }

  /**
   * A UTF8String.
   *
   * @param s the text
   * @return the element
   */
  public static byte[] utf8(String s) {
    return tlv(0x0c, s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A NULL.
   *
   * @return the element
   */
  public static byte[] nul() {
    return new byte[] {0x05, 0};
  }

  /**
   * A time as RFC 5280 wants it: UTCTime from 1950 through 2049, GeneralizedTime otherwise.
   *
   * @param t the instant (seconds precision)
   * @return the element
   */
  public static byte[] time(Instant t) {
    int year = t.atZone(ZoneOffset.UTC).getYear();
    if (year >= 1950 && year < 2050) {
      return tlv(0x17, UTC.format(t).getBytes(StandardCharsets.US_ASCII));
    }
    return tlv(0x18, GENERALIZED.format(t).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * An OBJECT IDENTIFIER.
   *
   * @param dotted the dotted form, e.g. {@code 1.2.840.10045.4.3.2}
   * @return the element
   */
  public static byte[] oid(String dotted) {
    String[] arcs = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    base128(
        out, new BigInteger(arcs[0]).multiply(BigInteger.valueOf(40)).add(new BigInteger(arcs[1])));
    for (int i = 2; i < arcs.length; i++) {
      base128(out, new BigInteger(arcs[i]));
    }
    return tlv(0x06, out.toByteArray());
  }

  private static void base128(ByteArrayOutputStream out, BigInteger v) {
    int groups = Math.max(1, (v.bitLength() + 6) / 7);
    for (int g = groups - 1; g >= 0; g--) {
      int septet = v.shiftRight(7 * g).intValue() & 0x7f;
      out.write(g == 0 ? septet : septet | 0x80);
    }
  }
}
