package io.ratify.api;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A fetched manifest: its exact bytes (already checked against {@link #descriptor()}'s digest and
 * size by the store) and the fields the verifiers need. Works for image manifests ({@link
 * #layers()}), image indexes ({@link #manifests()}) and legacy artifact manifests (whose {@code
 * blobs} appear as {@link #layers()}).
 *
 * @param descriptor the descriptor the manifest was fetched by; its media type is the manifest's
 * @param bytes the raw manifest bytes (copied on the way in and out)
 * @param artifactType the manifest's {@code artifactType} field, if present
 * @param config the config descriptor of an image manifest, if present
 * @param layers layers (image manifest) or blobs (artifact manifest), possibly empty
 * @param manifests entries of an image index, possibly empty
 * @param subject the subject descriptor, if present
 * @param annotations manifest annotations, possibly empty
 */
public record Manifest(
    Descriptor descriptor,
    byte[] bytes,
    Optional<String> artifactType,
    Optional<Descriptor> config,
    List<Descriptor> layers,
    List<Descriptor> manifests,
    Optional<Descriptor> subject,
    Map<String, String> annotations) {

  /**
   * Checks the components and copies the bytes and collections, so the manifest is immutable.
   *
   * @param annotations the annotations
   * @param artifactType the artifact type
   * @param bytes the bytes
   * @param config the config
   * @param descriptor the descriptor
   * @param layers the layers
   * @param manifests the manifests
   * @param subject the subject
   */
  public Manifest {
    Objects.requireNonNull(descriptor, "descriptor");
    bytes = Objects.requireNonNull(bytes, "bytes").clone();
    artifactType = Objects.requireNonNull(artifactType, "artifactType").filter(t -> !t.isEmpty());
    Objects.requireNonNull(config, "config");
    layers = List.copyOf(layers);
    manifests = List.copyOf(manifests);
    Objects.requireNonNull(subject, "subject");
    annotations = Map.copyOf(annotations);
  }

  /**
   * A copy of the raw bytes.
   *
   * @return a copy of the raw bytes
   */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * The media type of this manifest (from its descriptor).
   *
   * @return the media type of this manifest (from its descriptor)
   */
  public String mediaType() {
    return descriptor.mediaType();
  }

  /**
   * The effective artifact type as OCI 1.1 defines it: {@code artifactType}, else the config media
   * type (the legacy form of signature manifests), else empty.
   *
   * @return the effective artifact type as OCI 1.1 defines it: {@code artifactType}, else the
   *     config media type (the legacy form of signature manifests), else empty
   */
  public Optional<String> effectiveArtifactType() {
    if (artifactType.isPresent()) {
      return artifactType;
    }
    return config.map(Descriptor::mediaType).filter(t -> !t.equals(MediaTypes.OCI_EMPTY));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Manifest m
        && descriptor.equals(m.descriptor)
        && Arrays.equals(bytes, m.bytes);
  }

  @Override
  public int hashCode() {
    return descriptor.hashCode();
  }

  @Override
  public String toString() {
    return "Manifest[" + descriptor + "]";
  }
}
