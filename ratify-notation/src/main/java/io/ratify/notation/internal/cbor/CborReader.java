package io.ratify.notation.internal.cbor;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict, bounded CBOR (RFC 8949) decoder for signature envelopes. It rejects what a verifier
 * should never have to interpret: indefinite lengths, duplicate map keys, invalid UTF-8, reserved
 * additional-information values, unknown simple values, trailing bytes, nesting deeper than {@link
 * #MAX_DEPTH}, lengths beyond the input, more than {@link #MAX_ITEMS} data items and maps of more
 * than {@link #MAX_MAP_PAIRS} entries. Non-shortest integer and length encodings are accepted, as
 * go-cose (fxamacker/cbor defaults) accepts them.
 *
 * <p>The item and map bounds matter because decoding happens before any signature is checked:
 * without them a 4 MiB envelope expands to hundreds of megabytes of items, and a map of keys with
 * equal hash codes (trivial to craft for text keys) makes duplicate detection quadratic, minutes of
 * CPU for one envelope.
 */
public final class CborReader {
  /** Deepest nesting of arrays, maps and tags; COSE_Sign1 needs about 4. */
  public static final int MAX_DEPTH = 16;

  /** Most tags on one item. */
  public static final int MAX_TAGS_PER_ITEM = 4;

  /** Most data items in one input; a notation envelope has a few dozen. */
  public static final int MAX_ITEMS = 1 << 16;

  /** Most entries in one map; notation's header maps have about ten. */
  public static final int MAX_MAP_PAIRS = 64;

  private final byte[] in;
  private int pos;
  private int itemCount;

  private CborReader(byte[] in) {
    this.in = in;
  }

  /** Decodes exactly one data item that spans the whole input. */
  public static CborItem decode(byte[] data) throws CborException {
    CborReader r = new CborReader(data);
    CborItem item = r.item(0);
    if (r.pos != data.length) {
      throw new CborException("trailing bytes after the CBOR item at offset " + r.pos);
    }
    return item;
  }

  private CborItem item(int depth) throws CborException {
    if (depth > MAX_DEPTH) {
      throw new CborException("CBOR nesting deeper than " + MAX_DEPTH);
    }
    if (++itemCount > MAX_ITEMS) {
      throw new CborException("more than " + MAX_ITEMS + " CBOR data items");
    }
    List<Long> tags = List.of();
    int initial = u8();
    while ((initial >>> 5) == 6) {
      long tag = argument(initial & 0x1f);
      if (tag < 0) {
        throw new CborException("CBOR tag number too large");
      }
      if (tags.size() >= MAX_TAGS_PER_ITEM) {
        throw new CborException("more than " + MAX_TAGS_PER_ITEM + " CBOR tags on one item");
      }
      List<Long> more = new ArrayList<>(tags);
      more.add(tag);
      tags = more;
      initial = u8();
    }
    int major = initial >>> 5;
    int info = initial & 0x1f;
    switch (major) {
      case 0:
        return new CborItem.Int(unsigned(info), tags);
      case 1:
        return new CborItem.Int(BigInteger.valueOf(-1).subtract(unsigned(info)), tags);
      case 2:
        return new CborItem.Bytes(take(length(info)), tags);
      case 3:
        return new CborItem.Text(utf8(take(length(info))), tags);
      case 4:
        {
          int n = length(info);
          List<CborItem> items = new ArrayList<>(Math.min(n, 64));
          for (int i = 0; i < n; i++) {
            items.add(item(depth + 1));
          }
          return new CborItem.Array(items, tags);
        }
      case 5:
        {
          int n = length(info);
          if (n > MAX_MAP_PAIRS) {
            throw new CborException(
                "CBOR map of " + n + " entries, more than the " + MAX_MAP_PAIRS + " allowed");
          }
          Map<CborItem, CborItem> entries = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            CborItem key = item(depth + 1);
            CborItem value = item(depth + 1);
            if (entries.putIfAbsent(key, value) != null) {
              throw new CborException("duplicate CBOR map key");
            }
          }
          return new CborItem.CMap(entries, tags);
        }
      default:
        return simpleOrFloat(info, tags);
    }
  }

  private CborItem simpleOrFloat(int info, List<Long> tags) throws CborException {
    switch (info) {
      case 20:
      case 21:
      case 22:
      case 23:
        return new CborItem.Simple(info, tags);
      case 25:
        return new CborItem.FloatNumber(halfToDouble((int) be(2)), tags);
      case 26:
        return new CborItem.FloatNumber(java.lang.Float.intBitsToFloat((int) be(4)), tags);
      case 27:
        return new CborItem.FloatNumber(Double.longBitsToDouble(be(8)), tags);
      case 31:
        throw new CborException("indefinite-length CBOR items are not accepted");
      default:
        throw new CborException("unsupported CBOR simple value " + info);
    }
  }

  private static double halfToDouble(int h) {
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    double v;
    if (exp == 0) {
      v = Math.scalb((double) mant, -24);
    } else if (exp == 31) {
      v = mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
    } else {
      v = Math.scalb((double) (mant + 1024), exp - 25);
    }
    return (h & 0x8000) != 0 ? -v : v;
  }

  private BigInteger unsigned(int info) throws CborException {
    long v = argument(info);
    if (v >= 0) {
      return BigInteger.valueOf(v);
    }
    return BigInteger.valueOf(v & Long.MAX_VALUE).setBit(63);
  }

  /**
   * The argument of the initial byte; a 64-bit value above Long.MAX_VALUE comes back negative
   * (two's complement).
   */
  private long argument(int info) throws CborException {
    if (info < 24) {
      return info;
    }
    switch (info) {
      case 24:
        return u8();
      case 25:
        return be(2);
      case 26:
        return be(4);
      case 27:
        return be(8);
      case 31:
        throw new CborException("indefinite-length CBOR items are not accepted");
      default:
        throw new CborException("reserved CBOR additional information " + info);
    }
  }

  private int length(int info) throws CborException {
    long n = argument(info);
    if (n < 0 || n > in.length - pos) {
      throw new CborException(
          "CBOR length " + Long.toUnsignedString(n) + " exceeds the remaining input");
    }
    return (int) n;
  }

  private int u8() throws CborException {
    if (pos >= in.length) {
      throw new CborException("CBOR input ends early");
    }
    return in[pos++] & 0xff;
  }

  private long be(int n) throws CborException {
    if (in.length - pos < n) {
      throw new CborException("CBOR input ends early");
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 8) | (in[pos++] & 0xff);
    }
    return v;
  }

  private byte[] take(int n) {
    byte[] out = java.util.Arrays.copyOfRange(in, pos, pos + n);
    pos += n;
    return out;
  }

  private static String utf8(byte[] b) throws CborException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new CborException("CBOR text string is not valid UTF-8");
    }
  }
}
