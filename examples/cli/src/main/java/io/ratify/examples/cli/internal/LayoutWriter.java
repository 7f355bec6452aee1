package io.ratify.examples.cli.internal;

import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a minimal OCI image layout (spec 1.0.0): content-addressed blobs and an {@code
 * index.json}.
 */
public final class LayoutWriter {
  private final Path root;
  private final List<Map<String, Object>> index = new ArrayList<>();

  public LayoutWriter(Path root) throws IOException {
    this.root = root;
    Files.createDirectories(root.resolve("blobs").resolve("sha256"));
    Files.writeString(root.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
  }

  /** Stores {@code content} as a blob and returns its descriptor. */
  public Descriptor blob(String mediaType, byte[] content) throws IOException {
    Digest d = Digest.sha256(content);
    Files.write(root.resolve("blobs").resolve(d.algorithm()).resolve(d.hex()), content);
    return Descriptor.of(mediaType, d, content.length);
  }

  /** Writes a small single-layer image manifest and lists it under {@code tag}. */
  public Descriptor image(String tag, String layerText) throws IOException {
    Descriptor config =
        blob(
            MediaTypes.OCI_IMAGE_CONFIG,
            "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                .getBytes(StandardCharsets.UTF_8));
    Descriptor layer =
        blob("application/vnd.oci.image.layer.v1.tar", layerText.getBytes(StandardCharsets.UTF_8));
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\","
            + "\"config\":"
            + descriptorJson(config)
            + ",\"layers\":["
            + descriptorJson(layer)
            + "]}";
    Descriptor m = blob(MediaTypes.OCI_MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
    list(m, Optional.of(tag));
    return m;
  }

  /** Lists an existing manifest blob in {@code index.json}, with a tag if given. */
  public void list(Descriptor manifest, Optional<String> tag) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("mediaType", manifest.mediaType());
    e.put("digest", manifest.digest().toString());
    e.put("size", manifest.size());
    manifest.artifactType().ifPresent(t -> e.put("artifactType", t));
    tag.ifPresent(t -> e.put("annotations", Map.of("org.opencontainers.image.ref.name", t)));
    index.add(e);
  }

  /** Writes {@code index.json}. */
  public void finish() throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schemaVersion", 2);
    doc.put("mediaType", MediaTypes.OCI_INDEX);
    doc.put("manifests", index);
    Files.writeString(root.resolve("index.json"), Json.write(doc));
  }

  private static String descriptorJson(Descriptor d) {
    return "{\"mediaType\":\""
        + d.mediaType()
        + "\",\"digest\":\""
        + d.digest()
        + "\",\"size\":"
        + d.size()
        + "}";
  }
}
