package io.ratify.keyvault.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** Ratify's choice of versions to read when {@code versionHistoryLimit} is set. Pure functions. */
final class VersionHistory {
  /**
   * One listed version.
   *
   * @param version the version id
   * @param created when it was created
   */
  record Version(String version, Instant created) {
    Version {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(created, "created");
    }
  }

  private VersionHistory() {}

  /**
   * The versions to read, oldest first. Without a pinned version: the newest {@code limit}. With
   * one: the pinned version and up to {@code limit} versions created before it, so up to {@code
   * limit + 1}; nothing when the pinned version is not listed. Ties in creation time are ordered by
   * version id, so the choice is deterministic.
   */
  static List<String> select(List<Version> history, int limit, String pinned) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive");
    }
    List<Version> sorted = new ArrayList<>(history);
    sorted.sort(Comparator.comparing(Version::created).thenComparing(Version::version));
    int from;
    int to;
    if (pinned.isEmpty()) {
      to = sorted.size();
      from = Math.max(0, to - limit);
    } else {
      int at = -1;
      for (int i = 0; i < sorted.size(); i++) {
        if (sorted.get(i).version().equals(pinned)) {
          at = i;
          break;
        }
      }
      if (at < 0) {
        return List.of();
      }
      to = at + 1;
      from = Math.max(0, at - limit);
    }
    return sorted.subList(from, to).stream().map(Version::version).toList();
  }
}
