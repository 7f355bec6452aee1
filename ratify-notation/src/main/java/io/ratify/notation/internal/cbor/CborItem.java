package io.ratify.notation.internal.cbor;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A decoded CBOR data item. Only the subset COSE_Sign1 needs is modelled; every item keeps the tags
 * that preceded it (outermost first), because Notary Project envelopes give meaning to tags 18 and
 * 1.
 */
public sealed interface CborItem {

  /** Tags on this item, outermost first; usually empty. */
  List<Long> tags();

  /** An unsigned or negative integer (major types 0 and 1). */
  record Int(BigInteger value, List<Long> tags) implements CborItem {
    public Int {
      Objects.requireNonNull(value);
      tags = List.copyOf(tags);
    }
  }

  /** A byte string. Compared by content. */
  record Bytes(byte[] value, List<Long> tags) implements CborItem {
    public Bytes {
      value = value.clone();
      tags = List.copyOf(tags);
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    /** The length without copying. */
    public int length() {
      return value.length;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes b && java.util.Arrays.equals(value, b.value) && tags.equals(b.tags);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(value) * 31 + tags.hashCode();
    }

    @Override
    public String toString() {
      return "Bytes[" + value.length + " bytes]";
    }
  }

  /** A text string (valid UTF-8). */
  record Text(String value, List<Long> tags) implements CborItem {
    public Text {
      Objects.requireNonNull(value);
      tags = List.copyOf(tags);
    }
  }

  /** An array. */
  record Array(List<CborItem> items, List<Long> tags) implements CborItem {
    public Array {
      items = List.copyOf(items);
      tags = List.copyOf(tags);
    }
  }

  /**
   * A map with its entries in wire order. Keys are unique (the reader rejects duplicates), compared
   * by their decoded value.
   */
  record CMap(Map<CborItem, CborItem> entries, List<Long> tags) implements CborItem {
    public CMap {
      entries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(entries));
      tags = List.copyOf(tags);
    }
  }

  /** A simple value: false, true, null or undefined. */
  record Simple(int value, List<Long> tags) implements CborItem {
    public static final int FALSE = 20;
    public static final int TRUE = 21;
    public static final int NULL = 22;
    public static final int UNDEFINED = 23;

    public Simple {
      tags = List.copyOf(tags);
    }
  }

  /** A floating-point number (half, single or double precision). */
  record FloatNumber(double value, List<Long> tags) implements CborItem {
    public FloatNumber {
      tags = List.copyOf(tags);
    }
  }
}
