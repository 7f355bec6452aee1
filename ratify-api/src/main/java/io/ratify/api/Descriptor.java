package io.ratify.api;

import com.google.errorprone.annotations.Immutable;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An OCI content descriptor with the OCI 1.1 {@code artifactType}. Immutable; annotations are an
 * unmodifiable copy.
 *
 * @param mediaType the media type of the referenced content, never blank
 * @param digest the content digest
 * @param size the content size in bytes, never negative
 * @param artifactType the artifact type, when the descriptor carries one
 * @param annotations the descriptor annotations, possibly empty
 */
@Immutable
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    Optional<String> artifactType,
    // unmodifiable: copied in the constructor (Error Prone only knows Guava's immutable maps)
    @SuppressWarnings("Immutable") Map<String, String> annotations) {

  /**
   * Checks the components; {@code annotations} is copied.
   *
   * @param annotations the annotations
   * @param artifactType the artifact type
   * @param digest the digest
   * @param mediaType the media type
   * @param size the size
   */
  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(artifactType, "artifactType");
    if (mediaType.isBlank()) {
      throw new IllegalArgumentException("descriptor mediaType is blank");
    }
    if (size < 0) {
      throw new IllegalArgumentException("descriptor size is negative: " + size);
    }
    artifactType = artifactType.filter(t -> !t.isEmpty());
    annotations = Map.copyOf(Objects.requireNonNull(annotations, "annotations"));
  }

  /**
   * A descriptor without artifact type and annotations.
   *
   * @param mediaType the media type
   * @param digest the digest
   * @param size the size
   * @return a descriptor without artifact type and annotations
   */
  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, Optional.empty(), Map.of());
  }

  /**
   * A copy with the given artifact type.
   *
   * @param type the type
   * @return a copy with the given artifact type
   */
  public Descriptor withArtifactType(String type) {
    return new Descriptor(mediaType, digest, size, Optional.ofNullable(type), annotations);
  }

  /**
   * A copy with the given annotations.
   *
   * @param newAnnotations the new annotations
   * @return a copy with the given annotations
   */
  public Descriptor withAnnotations(Map<String, String> newAnnotations) {
    return new Descriptor(mediaType, digest, size, artifactType, newAnnotations);
  }

  /**
   * The artifact type, or the empty string when there is none.
   *
   * @return the artifact type, or the empty string when there is none
   */
  public String artifactTypeOrEmpty() {
    return artifactType.orElse("");
  }
}
