package io.ratify.notation.internal.cbor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The decoder's bounds, which protect the work done on envelopes before any signature is checked.
 */
class CborReaderTest {

  /** {@code n} text keys whose Java hash codes are all equal ("Aa" and "BB" hash alike). */
  static Map<CborItem, CborItem> collidingKeys(int n) {
    int blocks = 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1));
    Map<CborItem, CborItem> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      StringBuilder s = new StringBuilder();
      for (int j = 0; j < blocks; j++) {
        s.append(((i >> j) & 1) == 0 ? "Aa" : "BB");
      }
      m.put(CborWriter.text(s.toString()), CborWriter.integer(0));
    }
    return m;
  }

  @Test
  void collidingKeysReallyCollide() {
    List<Integer> hashes =
        collidingKeys(8).keySet().stream().map(Object::hashCode).distinct().toList();
    assertEquals(1, hashes.size());
  }

  @Test
  void mapsAreBoundedSoDuplicateDetectionStaysCheap() throws Exception {
    CborItem ok =
        CborReader.decode(
            CborWriter.encode(CborWriter.map(collidingKeys(CborReader.MAX_MAP_PAIRS))));
    assertEquals(CborReader.MAX_MAP_PAIRS, ((CborItem.CMap) ok).entries().size());
    // Without the bound, 32768 such keys (1 MiB) took about 90 s of CPU to decode.
    byte[] big = CborWriter.encode(CborWriter.map(collidingKeys(CborReader.MAX_MAP_PAIRS + 1)));
    CborException e = assertThrows(CborException.class, () -> CborReader.decode(big));
    assertTrue(
        e.getMessage().contains("more than the " + CborReader.MAX_MAP_PAIRS + " allowed"),
        e.getMessage());
  }

  @Test
  void itemCountIsBoundedAcrossTheWholeInput() throws Exception {
    List<CborItem> zeros = new ArrayList<>();
    for (int i = 0; i < CborReader.MAX_ITEMS - 1; i++) {
      zeros.add(CborWriter.integer(0));
    }
    // the array itself plus MAX_ITEMS - 1 elements: exactly at the bound
    assertEquals(
        CborReader.MAX_ITEMS - 1,
        ((CborItem.Array) CborReader.decode(CborWriter.encode(CborWriter.array(zeros))))
            .items()
            .size());
    // one more, nested anywhere, is refused (a 4 MiB array of zeros would otherwise become ~200 MB
    // of items)
    zeros.set(0, CborWriter.array(List.of(CborWriter.integer(0))));
    byte[] over = CborWriter.encode(CborWriter.array(zeros));
    CborException e = assertThrows(CborException.class, () -> CborReader.decode(over));
    assertTrue(
        e.getMessage().contains("more than " + CborReader.MAX_ITEMS + " CBOR data items"),
        e.getMessage());
  }
}
