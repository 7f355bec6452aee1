package io.ratify.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of referrers of a subject.
 *
 * @param referrers descriptors of the referrers on this page, each with its artifact type where
 *     known
 * @param nextPageToken an opaque token for the next page; empty on the last page
 */
public record ReferrerPage(List<Descriptor> referrers, Optional<String> nextPageToken) {
  /**
   * Canonical constructor: checks the components and copies mutable ones.
   *
   * @param referrers descriptors of the referrers on this page, each with its artifact type where
   *     known
   * @param nextPageToken an opaque token for the next page; empty on the last page
   */
  public ReferrerPage {
    referrers = List.copyOf(referrers);
    Objects.requireNonNull(nextPageToken, "nextPageToken");
  }

  /**
   * A final page.
   *
   * @param referrers the referrers
   * @return a final page
   */
  public static ReferrerPage last(List<Descriptor> referrers) {
    return new ReferrerPage(referrers, Optional.empty());
  }
}
