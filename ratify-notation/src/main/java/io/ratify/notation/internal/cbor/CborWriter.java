package io.ratify.notation.internal.cbor;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Deterministic CBOR encoding (RFC 8949 §4.2.1 "core deterministic"): shortest-form arguments,
 * definite lengths, map keys sorted by the bytewise order of their encodings. For Notary Project
 * headers this puts integer labels first and text labels shortest first, which is what notation
 * (go-cose) writes.
 */
public final class CborWriter {
  private CborWriter() {}

  /** Encodes one item. Floats are not supported (no envelope field uses them). */
  public static byte[] encode(CborItem item) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, item);
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, CborItem item) {
    for (long tag : item.tags()) {
      head(out, 6, BigInteger.valueOf(tag));
    }
    if (item instanceof CborItem.Int i) {
      if (i.value().signum() >= 0) {
        head(out, 0, i.value());
      } else {
        head(out, 1, i.value().negate().subtract(BigInteger.ONE));
      }
    } else if (item instanceof CborItem.Bytes b) {
      byte[] v = b.value();
      head(out, 2, BigInteger.valueOf(v.length));
      out.writeBytes(v);
    } else if (item instanceof CborItem.Text t) {
      byte[] v = t.value().getBytes(StandardCharsets.UTF_8);
      head(out, 3, BigInteger.valueOf(v.length));
      out.writeBytes(v);
    } else if (item instanceof CborItem.Array a) {
      head(out, 4, BigInteger.valueOf(a.items().size()));
      for (CborItem e : a.items()) {
        write(out, e);
      }
    } else if (item instanceof CborItem.CMap m) {
      List<byte[][]> entries = new ArrayList<>();
      for (Map.Entry<CborItem, CborItem> e : m.entries().entrySet()) {
        entries.add(new byte[][] {encode(e.getKey()), encode(e.getValue())});
      }
      entries.sort((x, y) -> Arrays.compareUnsigned(x[0], y[0]));
      head(out, 5, BigInteger.valueOf(entries.size()));
      for (byte[][] e : entries) {
        out.writeBytes(e[0]);
        out.writeBytes(e[1]);
      }
    } else if (item instanceof CborItem.Simple s) {
      out.write(0xe0 | s.value());
    } else {
      throw new IllegalArgumentException("cannot encode " + item.getClass().getSimpleName());
    }
  }

  private static void head(ByteArrayOutputStream out, int major, BigInteger arg) {
    int m = major << 5;
    if (arg.bitLength() > 64 || arg.signum() < 0) {
      throw new IllegalArgumentException("CBOR argument out of range");
    }
    long v = arg.longValue();
    if (arg.compareTo(BigInteger.valueOf(24)) < 0) {
      out.write(m | (int) v);
    } else if (arg.bitLength() <= 8) {
      out.write(m | 24);
      out.write((int) v);
    } else if (arg.bitLength() <= 16) {
      out.write(m | 25);
      be(out, v, 2);
    } else if (arg.bitLength() <= 32) {
      out.write(m | 26);
      be(out, v, 4);
    } else {
      out.write(m | 27);
      be(out, v, 8);
    }
  }

  private static void be(ByteArrayOutputStream out, long v, int n) {
    for (int i = n - 1; i >= 0; i--) {
      out.write((int) (v >>> (8 * i)) & 0xff);
    }
  }

  // Small constructors keep envelope code readable.

  public static CborItem.Int integer(long v) {
    return new CborItem.Int(BigInteger.valueOf(v), List.of());
  }

  public static CborItem.Text text(String v) {
    return new CborItem.Text(v, List.of());
  }

  public static CborItem.Bytes bytes(byte[] v) {
    return new CborItem.Bytes(v, List.of());
  }

  public static CborItem.Array array(List<? extends CborItem> items) {
    return new CborItem.Array(List.copyOf(items), List.of());
  }

  public static CborItem.CMap map(Map<CborItem, CborItem> entries) {
    return new CborItem.CMap(entries, List.of());
  }

  public static CborItem tagged(long tag, CborItem item) {
    List<Long> tags = new ArrayList<>();
    tags.add(tag);
    tags.addAll(item.tags());
    if (item instanceof CborItem.Int i) {
      return new CborItem.Int(i.value(), tags);
    } else if (item instanceof CborItem.Bytes b) {
      return new CborItem.Bytes(b.value(), tags);
    } else if (item instanceof CborItem.Text t) {
      return new CborItem.Text(t.value(), tags);
    } else if (item instanceof CborItem.Array a) {
      return new CborItem.Array(a.items(), tags);
    } else if (item instanceof CborItem.CMap m) {
      return new CborItem.CMap(m.entries(), tags);
    }
    throw new IllegalArgumentException("cannot tag " + item.getClass().getSimpleName());
  }
}
