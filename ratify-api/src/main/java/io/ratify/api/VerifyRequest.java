package io.ratify.api;

import java.util.Objects;

/**
 * What a {@link Verifier} is asked to verify: one referrer ({@link #artifact()}) of one subject.
 *
 * @param subject the subject reference, carrying its digest
 * @param subjectDescriptor the resolved subject descriptor (digest, size, media type)
 * @param artifact the referrer to verify
 * @param store the store both live in, to fetch the referrer's manifest and blobs
 * @param deadline the request deadline, to pass to every call
 */
public record VerifyRequest(
    Reference subject,
    Descriptor subjectDescriptor,
    Descriptor artifact,
    Store store,
    Deadline deadline) {
  /**
   * Canonical constructor: checks the components and copies mutable ones.
   *
   * @param subject the subject reference, carrying its digest
   * @param subjectDescriptor the resolved subject descriptor (digest, size, media type)
   * @param artifact the referrer to verify
   * @param store the store both live in, to fetch the referrer's manifest and blobs
   * @param deadline the request deadline, to pass to every call
   */
  public VerifyRequest {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(subjectDescriptor, "subjectDescriptor");
    Objects.requireNonNull(artifact, "artifact");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(deadline, "deadline");
    if (subject.digest().isEmpty()) {
      throw new IllegalArgumentException(
          "the subject reference of a verify request must carry a digest");
    }
  }
}
