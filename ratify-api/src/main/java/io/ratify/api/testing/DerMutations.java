package io.ratify.api.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-encodes DER in the BER ways a strict reader must refuse, for negative and property tests: a
 * chosen element with a long-form or zero-padded length, an indefinite length, or a BIT STRING with
 * a non-zero unused-bits octet; every enclosing length is fixed up, so the result is otherwise
 * well-formed BER holding the same values.
 */
public final class DerMutations {
  private DerMutations() {}

  /** How to encode one element's length. */
  public enum LengthForm {
    /** Long form where the short form fits, or one more length octet than needed. */
    LONGER,
    /** Long form with a leading zero octet. */
    LEADING_ZERO,
    /** Indefinite length with end-of-contents octets (constructed elements only). */
    INDEFINITE
  }

  /** One way of writing a whole certificate again as BER that a strict DER reader must refuse. */
  public enum ReEncoding {
    /** A chosen element's length in long form. */
    LONG_FORM_LENGTH,
    /** A chosen element's length with a leading zero octet. */
    ZERO_PADDED_LENGTH,
    /** A chosen constructed element with an indefinite length. */
    INDEFINITE_LENGTH,
    /** The signature BIT STRING with a non-zero unused-bits octet. */
    UNUSED_BITS
  }

  /**
   * Re-encodes a certificate: {@code pick} chooses the element (modulo the element count; for an
   * indefinite length, the first constructed element at or after it) or the unused-bits value.
   *
   * @param cert a DER certificate
   * @param how the re-encoding
   * @param pick any non-negative number, for property tests to vary the element
   * @return the re-encoded certificate, holding the same values
   */
  public static byte[] reEncode(byte[] cert, ReEncoding how, int pick) {
    int elements = elementCount(cert);
    int index = pick % elements;
    return switch (how) {
      case LONG_FORM_LENGTH -> withLength(cert, index, LengthForm.LONGER);
      case ZERO_PADDED_LENGTH -> withLength(cert, index, LengthForm.LEADING_ZERO);
      case INDEFINITE_LENGTH -> {
        int i = index;
        while (!isConstructed(cert, i)) {
          i = (i + 1) % elements;
        }
        yield withLength(cert, i, LengthForm.INDEFINITE);
      }
      case UNUSED_BITS -> withUnusedBits(cert, signatureBitString(cert), 1 + pick % 7);
    };
  }

  /** One element of a parsed tree; {@code children} is empty for primitive elements. */
  private record Node(int tag, byte[] content, List<Node> children) {
    boolean constructed() {
      return (tag & 0x20) != 0;
    }
  }

  /**
   * How many elements {@code der} holds (pre-order), for choosing an index.
   *
   * @param der one DER element
   * @return the element count
   */
  public static int elementCount(byte[] der) {
    return count(parse(der));
  }

  /**
   * Whether element {@code index} (pre-order) is constructed.
   *
   * @param der one DER element
   * @param index the element
   * @return whether it is constructed
   */
  public static boolean isConstructed(byte[] der, int index) {
    return nodes(parse(der)).get(index).constructed();
  }

  /**
   * {@code der} with element {@code index} (pre-order) given another length form.
   *
   * @param der one DER element
   * @param index the element
   * @param form the form
   * @return the re-encoding
   */
  public static byte[] withLength(byte[] der, int index, LengthForm form) {
    Node root = parse(der);
    Node target = nodes(root).get(index);
    return encode(root, target, form);
  }

  /**
   * {@code der} with the unused-bits octet of BIT STRING number {@code bitString} (pre-order among
   * BIT STRINGs) set to {@code unused}; the bits themselves are unchanged.
   *
   * @param der one DER element
   * @param bitString which BIT STRING (0 is the first)
   * @param unused the new unused-bits value
   * @return the re-encoding
   */
  public static byte[] withUnusedBits(byte[] der, int bitString, int unused) {
    Node root = parse(der);
    int seen = 0;
    for (Node n : nodes(root)) {
      if (n.tag() == 0x03 && n.content().length > 0 && seen++ == bitString) {
        n.content()[0] = (byte) unused;
        return encode(root, null, null);
      }
    }
    throw new IllegalArgumentException("no BIT STRING number " + bitString);
  }

  /**
   * The pre-order index of the last BIT STRING directly inside the outermost element (the
   * certificate's signature).
   *
   * @param der a certificate
   * @return the BIT STRING number to pass to {@link #withUnusedBits}
   */
  public static int signatureBitString(byte[] der) {
    int count = 0;
    for (Node n : nodes(parse(der))) {
      if (n.tag() == 0x03) {
        count++;
      }
    }
    return count - 1;
  }

  private static Node parse(byte[] der) {
    int[] pos = {0};
    Node n = parse(der, pos);
    if (pos[0] != der.length) {
      throw new IllegalArgumentException("trailing data");
    }
    return n;
  }

  private static Node parse(byte[] b, int[] pos) {
    int tag = b[pos[0]++] & 0xff;
    int first = b[pos[0]++] & 0xff;
    int len;
    if (first < 0x80) {
      len = first;
    } else {
      len = 0;
      for (int i = 0; i < (first & 0x7f); i++) {
        len = (len << 8) | (b[pos[0]++] & 0xff);
      }
    }
    int start = pos[0];
    byte[] content = java.util.Arrays.copyOfRange(b, start, start + len);
    List<Node> children = new ArrayList<>();
    if ((tag & 0x20) != 0) {
      int[] inner = {0};
      while (inner[0] < content.length) {
        children.add(parse(content, inner));
      }
    }
    pos[0] = start + len;
    return new Node(tag, content, children);
  }

  private static int count(Node n) {
    int c = 1;
    for (Node child : n.children()) {
      c += count(child);
    }
    return c;
  }

  private static List<Node> nodes(Node root) {
    List<Node> out = new ArrayList<>();
    collect(root, out);
    return out;
  }

  private static void collect(Node n, List<Node> out) {
    out.add(n);
    for (Node c : n.children()) {
      collect(c, out);
    }
  }

  @SuppressWarnings("ReferenceEquality") // the node to mutate is one object of the parsed tree
  private static byte[] encode(Node n, Node target, LengthForm form) {
    byte[] content;
    if (n.constructed()) {
      ByteArrayOutputStream inner = new ByteArrayOutputStream();
      for (Node c : n.children()) {
        inner.writeBytes(encode(c, target, form));
      }
      content = inner.toByteArray();
    } else {
      content = n.content();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(n.tag());
    if (n == target && form == LengthForm.INDEFINITE && n.constructed()) {
      out.write(0x80);
      out.writeBytes(content);
      out.write(0);
      out.write(0);
      return out.toByteArray();
    }
    byte[] minimal = DerWriter.length(content.length);
    if (n == target && form != null) {
      int octets = minimal.length == 1 ? 1 : minimal.length - 1;
      if (form == LengthForm.LONGER && minimal.length > 1) {
        octets++;
      }
      if (form == LengthForm.LEADING_ZERO) {
        octets++;
      }
      out.write(0x80 | octets);
      for (int i = octets - 1; i >= 0; i--) {
        out.write(i >= 4 ? 0 : (content.length >>> (8 * i)) & 0xff);
      }
    } else {
      out.writeBytes(minimal);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
