package io.ratify.notation.internal.timestamp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the certificates a timestamp token carries as the exact bytes they have in the token, so
 * that the strict-DER certificate check sees what was received rather than a parser's re-encoding.
 *
 * <p>The token itself may be BER (CMS allows it, and tspclient-go converts BER tokens to DER before
 * parsing them), so this walk follows BER framing: definite lengths in any form and indefinite
 * lengths on constructed elements. It descends only the path ContentInfo → [0] → SignedData →
 * certificates [0] and returns every element of that set, whatever its tag; the caller decides what
 * is acceptable. Bounded: nesting depth, element count; every defect is an {@link
 * IllegalArgumentException} with a short reason.
 */
final class CarriedCertificates {
  private static final int MAX_DEPTH = 64;
  private static final int SEQUENCE = 0x30;
  private static final int CONTEXT_0 = 0xa0;

  private CarriedCertificates() {}

  /** One element: where it starts, where its contents are, where it ends. */
  private record Element(int tag, int start, int contentStart, int contentEnd, int end) {}

  /**
   * The encodings of the entries of the SignedData's {@code certificates} field, in order; empty
   * when the field is absent.
   *
   * @param token a TimeStampToken (ContentInfo with SignedData), DER or BER
   * @param max most entries accepted
   * @return the entries' exact bytes
   * @throws IllegalArgumentException when the framing is broken or there are more than {@code max}
   */
  static List<byte[]> of(byte[] token, int max) {
    Element contentInfo = element(token, 0, token.length, 0);
    if (contentInfo.tag() != SEQUENCE || contentInfo.end() != token.length) {
      throw new IllegalArgumentException("not one ContentInfo");
    }
    List<Element> ci = children(token, contentInfo, 1);
    if (ci.size() != 2 || ci.get(1).tag() != CONTEXT_0) {
      throw new IllegalArgumentException("malformed ContentInfo");
    }
    List<Element> explicit = children(token, ci.get(1), 2);
    if (explicit.size() != 1 || explicit.get(0).tag() != SEQUENCE) {
      throw new IllegalArgumentException("malformed SignedData");
    }
    List<Element> signedData = children(token, explicit.get(0), 3);
    // version, digestAlgorithms, encapContentInfo, then the optional certificates [0]
    if (signedData.size() < 4 || signedData.get(3).tag() != CONTEXT_0) {
      return List.of();
    }
    List<Element> entries = children(token, signedData.get(3), 4);
    if (entries.size() > max) {
      throw new IllegalArgumentException("more than " + max + " certificates");
    }
    List<byte[]> out = new ArrayList<>(entries.size());
    for (Element e : entries) {
      out.add(Arrays.copyOfRange(token, e.start(), e.end()));
    }
    return out;
  }

  private static List<Element> children(byte[] b, Element parent, int depth) {
    if ((parent.tag() & 0x20) == 0) {
      throw new IllegalArgumentException("primitive element where a constructed one belongs");
    }
    List<Element> out = new ArrayList<>();
    int at = parent.contentStart();
    while (at < parent.contentEnd()) {
      Element e = element(b, at, parent.contentEnd(), depth);
      out.add(e);
      at = e.end();
    }
    return out;
  }

  /** Reads the element at {@code offset}; indefinite-length contents are walked to their end. */
  private static Element element(byte[] b, int offset, int limit, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("nested deeper than " + MAX_DEPTH + " levels");
    }
    if (limit - offset < 2) {
      throw new IllegalArgumentException("truncated element");
    }
    int tag = b[offset] & 0xff;
    if ((tag & 0x1f) == 0x1f) {
      throw new IllegalArgumentException("high tag number form");
    }
    int p = offset + 1;
    int first = b[p++] & 0xff;
    if (first == 0x80) {
      if ((tag & 0x20) == 0) {
        throw new IllegalArgumentException("indefinite length on a primitive element");
      }
      int at = p;
      while (true) {
        if (limit - at >= 2 && b[at] == 0 && b[at + 1] == 0) {
          return new Element(tag, offset, p, at, at + 2);
        }
        at = element(b, at, limit, depth + 1).end();
      }
    }
    long length = first;
    if (first > 0x80) {
      int n = first & 0x7f;
      if (n > 4 || limit - p < n) {
        throw new IllegalArgumentException("unsupported or truncated length");
      }
      length = 0;
      for (int i = 0; i < n; i++) {
        length = (length << 8) | (b[p++] & 0xff);
      }
    }
    if (length > limit - p) {
      throw new IllegalArgumentException("element longer than its container");
    }
    int end = p + (int) length;
    return new Element(tag, offset, p, end, end);
  }
}
