package io.ratify.keyvault.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Ratify's versionHistoryLimit selection. */
class VersionHistoryTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  /** Versions v0..v(n-1), created one second apart, listed in shuffled order. */
  private static List<VersionHistory.Version> history(int n, long seed) {
    List<VersionHistory.Version> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new VersionHistory.Version("v" + i, T0.plusSeconds(i)));
    }
    Collections.shuffle(out, new java.util.Random(seed));
    return out;
  }

  @Test
  void newestNWithoutPinnedVersion() {
    assertEquals(List.of("v2", "v3", "v4"), VersionHistory.select(history(5, 1), 3, ""));
    assertEquals(
        List.of("v0", "v1"),
        VersionHistory.select(history(2, 1), 3, ""),
        "fewer versions than the limit");
    assertEquals(List.of(), VersionHistory.select(List.of(), 3, ""));
  }

  @Test
  void pinnedVersionAndUpToNOlder() {
    assertEquals(List.of("v1", "v2", "v3"), VersionHistory.select(history(5, 2), 2, "v3"));
    assertEquals(List.of("v0", "v1"), VersionHistory.select(history(5, 2), 4, "v1"));
    assertEquals(
        List.of(),
        VersionHistory.select(history(5, 2), 4, "v9"),
        "an unlisted pinned version selects nothing");
  }

  @Test
  void equalCreationTimesAreOrderedByVersion() {
    List<VersionHistory.Version> h =
        List.of(new VersionHistory.Version("b", T0), new VersionHistory.Version("a", T0));
    assertEquals(List.of("b"), VersionHistory.select(h, 1, ""));
  }

  @Property(tries = 300)
  void selectionIsAContiguousRunEndingAtTheTarget(
      @ForAll @IntRange(min = 0, max = 30) int n,
      @ForAll @IntRange(min = 1, max = 10) int limit,
      @ForAll @IntRange(min = -1, max = 30) int pin,
      @ForAll long seed) {
    String pinned = pin < 0 ? "" : "v" + pin;
    List<String> selected = VersionHistory.select(history(n, seed), limit, pinned);
    if (pin >= n) {
      assertEquals(List.of(), selected);
      return;
    }
    int last = pin < 0 ? n - 1 : pin;
    int expectedSize = n == 0 ? 0 : Math.min(last + 1, pin < 0 ? limit : limit + 1);
    assertEquals(expectedSize, selected.size());
    for (int i = 0; i < selected.size(); i++) {
      assertEquals(
          "v" + (last - selected.size() + 1 + i),
          selected.get(i),
          "oldest first, contiguous, ending at the target");
    }
    assertTrue(selected.size() <= limit + 1);
  }
}
