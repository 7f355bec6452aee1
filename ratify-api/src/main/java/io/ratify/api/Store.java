package io.ratify.api;

import java.util.Optional;
import java.util.Set;

/**
 * Where artifacts and their referrers live: an OCI registry, an OCI image layout, or a test double.
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Fail closed: every failure (unreachable, unauthorised, throttled, timed out, malformed
 *       answer) is a thrown {@link RatifyException}. An empty {@link ReferrerPage} means the store
 *       answered that there are no referrers, nothing else.
 *   <li>{@link #fetchManifest} and {@link #fetchBlob} return content whose digest and size match
 *       the descriptor, and never read more than the store's size bound.
 *   <li>Every call honours the {@link Deadline} it is given.
 * </ul>
 *
 * Implementations are thread-safe.
 */
public interface Store extends AutoCloseable {
  /**
   * The configured name of this store.
   *
   * @return the configured name of this store
   */
  String name();

  /**
   * The store type, as named in configuration ({@code oras}, {@code oci-layout}).
   *
   * @return the store type, as named in configuration ({@code oras}, {@code oci-layout})
   */
  String type();

  /**
   * Resolves a reference to the descriptor of the manifest it names. A reference with a digest
   * resolves to that digest unchanged.
   *
   * @param reference the reference
   * @param deadline the deadline
   * @return the descriptor of the manifest, with its digest
   * @throws RatifyException when the reference cannot be resolved before the deadline (not found,
   *     unreachable, denied)
   */
  Descriptor resolve(Reference reference, Deadline deadline) throws RatifyException;

  /**
   * Lists one page of the referrers of {@code subject}, which must carry a digest.
   *
   * @param subject the subject
   * @param artifactTypes keep only referrers of these artifact types; empty means all
   * @param pageToken the token of the previous page, empty for the first page
   * @param deadline the deadline
   * @return the page of referrers
   * @throws RatifyException when the listing fails or times out; never an empty page instead
   */
  ReferrerPage listReferrers(
      Reference subject, Set<String> artifactTypes, Optional<String> pageToken, Deadline deadline)
      throws RatifyException;

  /**
   * Fetches and parses a manifest from the repository of {@code repository}, checked against {@code
   * descriptor}.
   *
   * @param repository the repository
   * @param descriptor the descriptor
   * @param deadline the deadline
   * @return the manifest, whose bytes match {@code descriptor}
   * @throws RatifyException when the manifest cannot be fetched, exceeds its bound or does not
   *     match the descriptor
   */
  Manifest fetchManifest(Reference repository, Descriptor descriptor, Deadline deadline)
      throws RatifyException;

  /**
   * Fetches a blob from the repository of {@code repository}, checked against {@code descriptor}.
   *
   * @param repository the repository
   * @param descriptor the descriptor
   * @param deadline the deadline
   * @return the blob content, which matches {@code descriptor}
   * @throws RatifyException when the blob cannot be fetched, exceeds its bound or does not match
   *     the descriptor
   */
  byte[] fetchBlob(Reference repository, Descriptor descriptor, Deadline deadline)
      throws RatifyException;

  /** Releases connections and caches. Never throws. */
  @Override
  default void close() {}
}
