package io.ratify.core.testing;

import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes small OCI image layouts (image-spec 1.0.0) for tests, demos and plugin authors:
 * content-addressed blobs and an {@code index.json} listing the manifests added, each with an
 * optional tag ({@code org.opencontainers.image.ref.name}).
 *
 * <h2>Guarantees</h2>
 *
 * Every blob is stored under its SHA-256 digest, so the layout is valid for any reader that checks
 * digests. {@code index.json} is rewritten by every listing, so the directory is a complete layout
 * after each call. Strings are written into JSON as given (no escaping): use it with media types,
 * tags and texts of your own. Not thread-safe.
 */
public final class LayoutWriter {
  private final Path dir;
  private final List<String> entries = new ArrayList<>();

  /**
   * Starts a layout in {@code dir}, creating it and its {@code oci-layout} file.
   *
   * @param dir the layout directory
   * @throws IOException when the directory cannot be written
   */
  public LayoutWriter(Path dir) throws IOException {
    this.dir = Objects.requireNonNull(dir, "dir");
    Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
  }

  /**
   * The layout directory.
   *
   * @return the layout directory
   */
  public Path dir() {
    return dir;
  }

  /**
   * Stores {@code content} as a blob.
   *
   * @param mediaType the media type of the returned descriptor
   * @param content the bytes
   * @return its descriptor
   * @throws IOException when the blob cannot be written
   */
  public Descriptor blob(String mediaType, byte[] content) throws IOException {
    Digest d = Digest.sha256(content);
    Files.write(dir.resolve("blobs").resolve(d.algorithm()).resolve(d.hex()), content);
    return Descriptor.of(mediaType, d, content.length);
  }

  /**
   * Stores an OCI image manifest and lists it, untagged.
   *
   * @param content the manifest's bytes
   * @return its descriptor
   * @throws IOException when the layout cannot be written
   */
  public Descriptor manifest(byte[] content) throws IOException {
    Descriptor d = blob(MediaTypes.OCI_MANIFEST, content);
    list(d, Optional.empty());
    return d;
  }

  /**
   * Writes a small single-layer image (config, one layer of {@code layerText}, manifest) and lists
   * it under {@code tag}.
   *
   * @param tag the tag
   * @param layerText the layer's content
   * @return the manifest's descriptor
   * @throws IOException when the layout cannot be written
   */
  public Descriptor image(String tag, String layerText) throws IOException {
    Descriptor config =
        blob(
            MediaTypes.OCI_IMAGE_CONFIG,
            "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8));
    Descriptor layer =
        blob("application/vnd.oci.image.layer.v1.tar", layerText.getBytes(StandardCharsets.UTF_8));
    Descriptor m =
        blob(MediaTypes.OCI_MANIFEST, manifestJson(config, List.of(layer), Optional.empty()));
    list(m, Optional.of(tag));
    return m;
  }

  /**
   * Writes a manifest with {@code config} and {@code layers} whose {@code subject} is {@code
   * subject} (a referrer in the legacy form, without {@code artifactType}), and lists it untagged.
   *
   * @param subject the manifest referred to
   * @param config the config blob's descriptor
   * @param layers the layers' descriptors, in order (any number)
   * @return the referrer manifest's descriptor
   * @throws IOException when the layout cannot be written
   */
  public Descriptor referrer(Descriptor subject, Descriptor config, List<Descriptor> layers)
      throws IOException {
    return manifest(manifestJson(config, layers, Optional.of(subject)));
  }

  /**
   * Lists a manifest already stored as a blob in {@code index.json}, with a tag if given, and
   * rewrites {@code index.json}.
   *
   * @param manifest the manifest's descriptor (its artifact type, if any, is listed too)
   * @param tag the tag, if any
   * @throws IOException when {@code index.json} cannot be written
   */
  public void list(Descriptor manifest, Optional<String> tag) throws IOException {
    StringBuilder e = new StringBuilder(json(manifest));
    e.setLength(e.length() - 1);
    manifest.artifactType().ifPresent(t -> e.append(",\"artifactType\":\"").append(t).append('"'));
    tag.ifPresent(
        t ->
            e.append(",\"annotations\":{\"org.opencontainers.image.ref.name\":\"")
                .append(t)
                .append("\"}"));
    entries.add(e.append('}').toString());
    Files.writeString(
        dir.resolve("index.json"),
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_INDEX
            + "\",\"manifests\":["
            + String.join(",", entries)
            + "]}");
  }

  /**
   * A descriptor as JSON: {@code mediaType}, {@code digest} and {@code size}.
   *
   * @param d the descriptor
   * @return its JSON object
   */
  public static String json(Descriptor d) {
    return "{\"mediaType\":\""
        + d.mediaType()
        + "\",\"digest\":\""
        + d.digest()
        + "\",\"size\":"
        + d.size()
        + "}";
  }

  private static byte[] manifestJson(
      Descriptor config, List<Descriptor> layers, Optional<Descriptor> subject) {
    List<String> l = new ArrayList<>();
    for (Descriptor d : layers) {
      l.add(json(d));
    }
    return ("{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"config\":"
            + json(config)
            + ",\"layers\":["
            + String.join(",", l)
            + "]"
            + subject.map(s -> ",\"subject\":" + json(s)).orElse("")
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
