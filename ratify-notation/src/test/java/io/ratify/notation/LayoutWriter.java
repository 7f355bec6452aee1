package io.ratify.notation;

import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small OCI image layouts for tests: blobs plus an {@code index.json} listing the manifests
 * added.
 */
public final class LayoutWriter {
  private final Path dir;
  private final List<String> entries = new ArrayList<>();

  public LayoutWriter(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("blobs/sha256"));
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
  }

  /** Stores a blob and returns its descriptor. */
  public Descriptor blob(String mediaType, byte[] content) throws IOException {
    Digest d = Digest.sha256(content);
    Files.write(dir.resolve("blobs/sha256").resolve(d.hex()), content);
    return Descriptor.of(mediaType, d, content.length);
  }

  /** Stores a manifest and lists it in {@code index.json}. */
  public Descriptor manifest(byte[] content) throws IOException {
    Descriptor d = blob(MediaTypes.OCI_MANIFEST, content);
    entries.add(
        "{\"mediaType\":\""
            + d.mediaType()
            + "\",\"digest\":\""
            + d.digest()
            + "\",\"size\":"
            + d.size()
            + "}");
    Files.writeString(
        dir.resolve("index.json"),
        "{\"schemaVersion\":2,\"manifests\":[" + String.join(",", entries) + "]}");
    return d;
  }

  /**
   * A legacy-form signature manifest (as released notation writes) with one layer, referring to
   * {@code subject}.
   */
  public Descriptor signature(Descriptor subject, String layerMediaType, byte[] envelope)
      throws IOException {
    Descriptor config = blob(MediaTypes.NOTARY_SIGNATURE, "{}".getBytes(StandardCharsets.US_ASCII));
    Descriptor layer = blob(layerMediaType, envelope);
    String json =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"config\":"
            + json(config)
            + ",\"layers\":["
            + json(layer)
            + "],\"subject\":"
            + json(subject)
            + "}";
    return manifest(json.getBytes(StandardCharsets.UTF_8))
        .withArtifactType(MediaTypes.NOTARY_SIGNATURE);
  }

  /** A manifest with any number of layers (for the one-layer rule). */
  public Descriptor signatureWithLayers(Descriptor subject, List<Descriptor> layers)
      throws IOException {
    Descriptor config = blob(MediaTypes.NOTARY_SIGNATURE, "{}".getBytes(StandardCharsets.US_ASCII));
    List<String> l = new ArrayList<>();
    for (Descriptor d : layers) {
      l.add(json(d));
    }
    String json =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"config\":"
            + json(config)
            + ",\"layers\":["
            + String.join(",", l)
            + "],\"subject\":"
            + json(subject)
            + "}";
    return manifest(json.getBytes(StandardCharsets.UTF_8))
        .withArtifactType(MediaTypes.NOTARY_SIGNATURE);
  }

  public Path dir() {
    return dir;
  }

  private static String json(Descriptor d) {
    return "{\"mediaType\":\""
        + d.mediaType()
        + "\",\"digest\":\""
        + d.digest()
        + "\",\"size\":"
        + d.size()
        + "}";
  }
}
