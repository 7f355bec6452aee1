package io.ratify.api.internal.parse;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Strict DER (X.690 clause 10) for certificates, chains and any other DER element, checked before
 * the JDK parses anything.
 *
 * <p>The JDK's certificate parser is lenient: it accepts BER length forms, re-serialises what it
 * read, ignores trailing bytes and reads PEM where DER belongs, so comparing {@code getEncoded()}
 * with the input misses re-encoded inner elements (a long-form length or non-zero unused bits in
 * the signature BIT STRING leave the certificate "valid" while its bytes, digest and thumbprint
 * change). Here every element of the whole tree is checked first:
 *
 * <ul>
 *   <li>definite, minimal lengths only: no indefinite length, no long form for a short length, no
 *       leading zero length octets, at most four length octets;
 *   <li>low tag numbers only; SEQUENCE and SET constructed, every other universal type primitive
 *       (no constructed strings);
 *   <li>BOOLEAN is {@code 00} or {@code FF}; INTEGER and ENUMERATED are minimal two's complement;
 *       NULL is empty; OBJECT IDENTIFIER sub-identifiers are minimal; BIT STRING padding bits are
 *       zero; UTCTime and GeneralizedTime are the {@code Z} forms of RFC 5280;
 *   <li>constructed contents are exactly their children; nesting is at most {@value #MAX_DEPTH}
 *       deep (which also keeps the JDK's recursive parser off deep inputs);
 *   <li>for certificates, additionally: the X.509 shape (three elements; {@code tbsCertificate}
 *       fields in order), unused-bits octet zero in the signature and the subject public key, no
 *       explicit default version or {@code critical FALSE}, extension values that are themselves
 *       one strict DER element, nothing after the certificate, at most {@value
 *       #MAX_CERTIFICATE_BYTES} bytes; then the JDK parses it and its {@code getEncoded()} must
 *       equal the input.
 * </ul>
 *
 * <p>Every failure is a {@link MalformedException}; nothing else escapes. Safe for concurrent use.
 */
public final class Der {
  /** Deepest nesting accepted; X.509 certificates nest about ten levels. */
  public static final int MAX_DEPTH = 32;

  /** Largest certificate accepted. */
  public static final int MAX_CERTIFICATE_BYTES = 64 * 1024;

  /** Most certificates in one chain or one concatenation, unless the caller asks for fewer. */
  public static final int MAX_CHAIN_CERTIFICATES = 256;

  private static final int BOOLEAN = 0x01;
  private static final int INTEGER = 0x02;
  private static final int BIT_STRING = 0x03;
  private static final int OCTET_STRING = 0x04;
  private static final int NULL = 0x05;
  private static final int OID = 0x06;
  private static final int ENUMERATED = 0x0a;
  private static final int UTC_TIME = 0x17;
  private static final int GENERALIZED_TIME = 0x18;
  private static final int SEQUENCE = 0x30;
  private static final int CONSTRUCTED = 0x20;

  private Der() {}

  /** One element: its tag octet and where its contents are. */
  private record Tlv(int tag, int start, int contentStart, int length) {
    int end() {
      return contentStart + length;
    }

    boolean constructed() {
      return (tag & CONSTRUCTED) != 0;
    }
  }

  /**
   * Checks that {@code data} is exactly one strict DER element (any type), without interpreting it
   * further.
   *
   * @param data the encoding
   * @throws MalformedException when it is not strict DER or has trailing bytes
   */
  public static void checkElement(byte[] data) throws MalformedException {
    Tlv t = read(data, 0, data.length);
    if (t.end() != data.length) {
      throw new MalformedException("not DER: data after the element");
    }
    walk(data, t, 0);
  }

  /**
   * Reads exactly one strict DER X.509 certificate.
   *
   * @param der the encoding
   * @return the certificate, whose {@code getEncoded()} equals {@code der}
   * @throws MalformedException when {@code der} is anything else
   */
  public static X509Certificate certificate(byte[] der) throws MalformedException {
    if (der.length > MAX_CERTIFICATE_BYTES) {
      throw new MalformedException(
          "certificate is larger than " + MAX_CERTIFICATE_BYTES + " bytes");
    }
    if (der.length < 2 || (der[0] & 0xff) != SEQUENCE) {
      throw new MalformedException("not a DER certificate");
    }
    Tlv cert = read(der, 0, der.length);
    if (cert.end() != der.length) {
      throw new MalformedException("not exactly one DER certificate: data after the certificate");
    }
    walk(der, cert, 0);
    checkShape(der, cert);
    X509Certificate c;
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      c = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
      if (!Arrays.equals(c.getEncoded(), der)) {
        throw new MalformedException("not exactly one DER certificate");
      }
    } catch (CertificateException | RuntimeException e) {
      // CertificateException, and the unchecked exceptions the JDK parser throws on crafted input
      throw new MalformedException(
          "not an X.509 certificate (" + e.getClass().getSimpleName() + ")");
    }
    return c;
  }

  /**
   * Reads a chain given as one encoding per certificate, each a strict DER certificate.
   *
   * @param ders the encodings, in order
   * @param maxCertificates most certificates accepted
   * @return the certificates, in order
   * @throws MalformedException naming the 0-based index of the first bad certificate
   */
  public static List<X509Certificate> chain(List<byte[]> ders, int maxCertificates)
      throws MalformedException {
    if (ders.size() > Math.min(maxCertificates, MAX_CHAIN_CERTIFICATES)) {
      throw new MalformedException(
          "more than " + Math.min(maxCertificates, MAX_CHAIN_CERTIFICATES) + " certificates");
    }
    List<X509Certificate> out = new ArrayList<>(ders.size());
    for (int i = 0; i < ders.size(); i++) {
      try {
        out.add(certificate(ders.get(i)));
      } catch (MalformedException e) {
        throw new MalformedException("certificate " + i + " of the chain: " + e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  /**
   * Reads certificates concatenated back to back (a DER certificate file, a bag of certificates),
   * each a strict DER certificate.
   *
   * @param data the concatenation; must hold at least one certificate
   * @param maxCertificates most certificates accepted
   * @return the certificates, in order
   * @throws MalformedException when any part is not a strict DER certificate
   */
  public static List<X509Certificate> concatenated(byte[] data, int maxCertificates)
      throws MalformedException {
    int max = Math.min(maxCertificates, MAX_CHAIN_CERTIFICATES);
    List<X509Certificate> out = new ArrayList<>();
    int at = 0;
    while (at < data.length) {
      if (out.size() >= max) {
        throw new MalformedException("more than " + max + " certificates");
      }
      if ((data[at] & 0xff) != SEQUENCE) {
        throw new MalformedException("not a DER certificate at offset " + at);
      }
      Tlv t = read(data, at, data.length);
      try {
        out.add(certificate(Arrays.copyOfRange(data, at, t.end())));
      } catch (MalformedException e) {
        throw new MalformedException("certificate " + out.size() + ": " + e.getMessage());
      }
      at = t.end();
    }
    if (out.isEmpty()) {
      throw new MalformedException("no certificate found");
    }
    return List.copyOf(out);
  }

  // --- the generic walk ---

  private static Tlv read(byte[] b, int offset, int limit) throws MalformedException {
    if (offset >= limit) {
      throw new MalformedException("not DER: truncated element");
    }
    int tag = b[offset] & 0xff;
    if ((tag & 0x1f) == 0x1f) {
      throw new MalformedException("not DER: high tag number form");
    }
    int p = offset + 1;
    if (p >= limit) {
      throw new MalformedException("not DER: truncated length");
    }
    int first = b[p++] & 0xff;
    long length;
    if (first < 0x80) {
      length = first;
    } else if (first == 0x80) {
      throw new MalformedException("not DER: indefinite length");
    } else {
      int n = first & 0x7f;
      if (n > 4) {
        throw new MalformedException("not DER: length of more than four octets");
      }
      if (limit - p < n) {
        throw new MalformedException("not DER: truncated length");
      }
      if (b[p] == 0) {
        throw new MalformedException("not DER: length with a leading zero octet");
      }
      length = 0;
      for (int i = 0; i < n; i++) {
        length = (length << 8) | (b[p++] & 0xff);
      }
      if (length < 0x80) {
        throw new MalformedException("not DER: long-form length for a short length");
      }
    }
    if (length > limit - p) {
      throw new MalformedException("not DER: element longer than its container");
    }
    return new Tlv(tag, offset, p, (int) length);
  }

  private static List<Tlv> children(byte[] b, Tlv parent) throws MalformedException {
    List<Tlv> out = new ArrayList<>();
    int at = parent.contentStart();
    while (at < parent.end()) {
      Tlv t = read(b, at, parent.end());
      out.add(t);
      at = t.end();
    }
    return out;
  }

  private static void walk(byte[] b, Tlv t, int depth) throws MalformedException {
    if (depth > MAX_DEPTH) {
      throw new MalformedException("nested deeper than " + MAX_DEPTH + " levels");
    }
    int tag = t.tag();
    boolean universal = (tag & 0xc0) == 0;
    int number = tag & 0x1f;
    if (universal && number == 0) {
      throw new MalformedException("not DER: end-of-contents octets");
    }
    if (t.constructed()) {
      if (universal && number != 0x10 && number != 0x11) {
        throw new MalformedException("not DER: constructed encoding of a primitive type");
      }
      for (Tlv child : children(b, t)) {
        walk(b, child, depth + 1);
      }
      return;
    }
    if (!universal) {
      return;
    }
    int at = t.contentStart();
    int n = t.length();
    switch (number) {
      case 0x10, 0x11 ->
          throw new MalformedException("not DER: primitive encoding of SEQUENCE or SET");
      case BOOLEAN -> {
        if (n != 1 || (b[at] != 0 && b[at] != (byte) 0xff)) {
          throw new MalformedException("not DER: BOOLEAN other than 00 or FF");
        }
      }
      case INTEGER, ENUMERATED -> {
        if (n == 0) {
          throw new MalformedException("not DER: empty INTEGER");
        }
        if (n > 1
            && ((b[at] == 0 && (b[at + 1] & 0x80) == 0)
                || (b[at] == (byte) 0xff && (b[at + 1] & 0x80) != 0))) {
          throw new MalformedException("not DER: INTEGER not minimally encoded");
        }
      }
      case BIT_STRING -> checkBitString(b, t, false);
      case NULL -> {
        if (n != 0) {
          throw new MalformedException("not DER: NULL with contents");
        }
      }
      case OID -> {
        if (n == 0 || (b[at + n - 1] & 0x80) != 0) {
          throw new MalformedException("not DER: malformed OBJECT IDENTIFIER");
        }
        boolean startOfSubidentifier = true;
        for (int i = at; i < at + n; i++) {
          if (startOfSubidentifier && (b[i] & 0xff) == 0x80) {
            throw new MalformedException("not DER: OBJECT IDENTIFIER not minimally encoded");
          }
          startOfSubidentifier = (b[i] & 0x80) == 0;
        }
      }
      case UTC_TIME -> checkTime(b, t, 13);
      case GENERALIZED_TIME -> checkTime(b, t, 15);
      default -> {
        // strings and other primitive types: any contents
      }
    }
  }

  private static void checkBitString(byte[] b, Tlv t, boolean wholeOctets)
      throws MalformedException {
    if (t.tag() != BIT_STRING) {
      throw new MalformedException("not a BIT STRING where one is required");
    }
    int n = t.length();
    if (n == 0) {
      throw new MalformedException("not DER: BIT STRING without its unused-bits octet");
    }
    int unused = b[t.contentStart()] & 0xff;
    if (unused > 7 || (n == 1 && unused != 0)) {
      throw new MalformedException("not DER: invalid BIT STRING unused-bits octet");
    }
    if (wholeOctets && unused != 0) {
      throw new MalformedException("not DER: BIT STRING with non-zero unused-bits octet");
    }
    if (unused != 0 && (b[t.end() - 1] & ((1 << unused) - 1)) != 0) {
      throw new MalformedException("not DER: BIT STRING padding bits are not zero");
    }
  }

  private static void checkTime(byte[] b, Tlv t, int length) throws MalformedException {
    if (t.length() != length || b[t.end() - 1] != 'Z') {
      throw new MalformedException("not DER: time not in the form YYMMDDHHMMSSZ/YYYYMMDDHHMMSSZ");
    }
    for (int i = t.contentStart(); i < t.end() - 1; i++) {
      if (b[i] < '0' || b[i] > '9') {
        throw new MalformedException("not DER: time with a non-digit");
      }
    }
  }

  // --- the X.509 shape (RFC 5280 4.1) ---

  private static void checkShape(byte[] b, Tlv cert) throws MalformedException {
    List<Tlv> top = children(b, cert);
    if (top.size() != 3
        || top.get(0).tag() != SEQUENCE
        || top.get(1).tag() != SEQUENCE
        || top.get(2).tag() != BIT_STRING) {
      throw new MalformedException("not an X.509 certificate: wrong structure");
    }
    checkBitString(b, top.get(2), true);
    List<Tlv> tbs = children(b, top.get(0));
    int i = 0;
    if (i < tbs.size() && tbs.get(i).tag() == 0xa0) {
      List<Tlv> version = children(b, tbs.get(i));
      if (version.size() != 1 || version.get(0).tag() != INTEGER) {
        throw new MalformedException("not an X.509 certificate: malformed version");
      }
      Tlv v = version.get(0);
      if (v.length() == 1 && b[v.contentStart()] == 0) {
        throw new MalformedException("not DER: explicit default version v1");
      }
      i++;
    }
    int[] required = {INTEGER, SEQUENCE, SEQUENCE, SEQUENCE, SEQUENCE, SEQUENCE};
    for (int tag : required) {
      if (i >= tbs.size() || tbs.get(i).tag() != tag) {
        throw new MalformedException("not an X.509 certificate: malformed tbsCertificate");
      }
      i++;
    }
    List<Tlv> spki = children(b, tbs.get(i - 1));
    if (spki.size() != 2 || spki.get(0).tag() != SEQUENCE) {
      throw new MalformedException("not an X.509 certificate: malformed subjectPublicKeyInfo");
    }
    checkBitString(b, spki.get(1), true);
    int previous = 0;
    for (; i < tbs.size(); i++) {
      int tag = tbs.get(i).tag();
      // issuerUniqueID [1], subjectUniqueID [2], extensions [3], each at most once, in order
      int rank =
          switch (tag) {
            case 0x81 -> 1;
            case 0x82 -> 2;
            case 0xa3 -> 3;
            default -> 0;
          };
      if (rank <= previous) {
        throw new MalformedException(
            "not an X.509 certificate: unexpected field in tbsCertificate");
      }
      previous = rank;
      if (tag == 0xa3) {
        checkExtensions(b, tbs.get(i));
      }
    }
  }

  private static void checkExtensions(byte[] b, Tlv explicit) throws MalformedException {
    List<Tlv> wrapper = children(b, explicit);
    if (wrapper.size() != 1 || wrapper.get(0).tag() != SEQUENCE) {
      throw new MalformedException("not an X.509 certificate: malformed extensions");
    }
    List<Tlv> extensions = children(b, wrapper.get(0));
    if (extensions.isEmpty()) {
      throw new MalformedException("not an X.509 certificate: empty extensions");
    }
    for (Tlv ext : extensions) {
      List<Tlv> parts = ext.tag() == SEQUENCE ? children(b, ext) : List.of();
      boolean critical = parts.size() == 3;
      if ((parts.size() != 2 && !critical)
          || parts.get(0).tag() != OID
          || (critical && parts.get(1).tag() != BOOLEAN)
          || parts.get(parts.size() - 1).tag() != OCTET_STRING) {
        throw new MalformedException("not an X.509 certificate: malformed extension");
      }
      if (critical && b[parts.get(1).contentStart()] == 0) {
        throw new MalformedException("not DER: explicit default critical FALSE");
      }
      Tlv value = parts.get(parts.size() - 1);
      checkElement(Arrays.copyOfRange(b, value.contentStart(), value.end()));
    }
  }
}
