package io.ratify.oras.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Builds OCI content for tests: images, Notary Project signature manifests in both forms (current:
 * {@code artifactType} plus empty config; legacy: config media type = artifact type), and referrers
 * indexes.
 */
public final class TestArtifacts {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String EMPTY_CONFIG = "application/vnd.oci.empty.v1+json";
  public static final String NOTARY = "application/vnd.cncf.notary.signature";
  public static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestArtifacts() {}

  /** A piece of content with its media type. */
  public record Content(String mediaType, byte[] bytes) {
    public String digest() {
      return RegistryPusher.digest(bytes);
    }

    /** Its descriptor as a JSON object. */
    public ObjectNode descriptor() {
      return JSON.createObjectNode()
          .put("mediaType", mediaType)
          .put("digest", digest())
          .put("size", bytes.length);
    }

    public String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** An image manifest with one config and the given layers. */
  public static Content image(Content config, List<Content> layers) {
    ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OCI_MANIFEST);
    m.set("config", config.descriptor());
    layers.forEach(l -> m.withArray("layers").add(l.descriptor()));
    return new Content(OCI_MANIFEST, bytes(m));
  }

  /** A signature manifest for {@code subject} whose one layer is {@code envelope}. */
  public static Content signature(
      Content subject, Content envelope, boolean legacy, Map<String, String> annotations) {
    ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OCI_MANIFEST);
    if (!legacy) {
      m.put("artifactType", NOTARY);
    }
    m.set("config", new Content(legacy ? NOTARY : EMPTY_CONFIG, EMPTY_JSON).descriptor());
    m.withArray("layers").add(envelope.descriptor());
    m.set("subject", subject.descriptor());
    ObjectNode ann = m.putObject("annotations");
    annotations.forEach(ann::put);
    return new Content(OCI_MANIFEST, bytes(m));
  }

  /** An artifact manifest of another type (e.g. an SBOM) for {@code subject}. */
  public static Content artifact(Content subject, String artifactType, Content layer) {
    ObjectNode m =
        JSON.createObjectNode()
            .put("schemaVersion", 2)
            .put("mediaType", OCI_MANIFEST)
            .put("artifactType", artifactType);
    m.set("config", new Content(EMPTY_CONFIG, EMPTY_JSON).descriptor());
    m.withArray("layers").add(layer.descriptor());
    m.set("subject", subject.descriptor());
    return new Content(OCI_MANIFEST, bytes(m));
  }

  /**
   * A referrers index (API answer or tag-schema index) listing {@code referrers} with their
   * artifact types.
   */
  public static Content referrersIndex(List<Content> referrers, List<String> artifactTypes) {
    ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", OCI_INDEX);
    for (int i = 0; i < referrers.size(); i++) {
      ObjectNode d = referrers.get(i).descriptor();
      if (artifactTypes.get(i) != null) {
        d.put("artifactType", artifactTypes.get(i));
      }
      m.withArray("manifests").add(d);
    }
    if (referrers.isEmpty()) {
      m.putArray("manifests");
    }
    return new Content(OCI_INDEX, bytes(m));
  }

  /** An image index over {@code manifests}. */
  public static Content index(List<Content> manifests) {
    return referrersIndex(manifests, manifests.stream().map(x -> (String) null).toList());
  }

  /** Opaque bytes of a media type. */
  public static Content raw(String mediaType, String text) {
    return new Content(mediaType, text.getBytes(StandardCharsets.UTF_8));
  }

  /** What {@link #pushSignedImage} pushed. */
  public record SignedImage(Content image, Content signature, Content envelope) {}

  /**
   * Pushes a small image tagged {@code tag} with one current-form signature (COSE envelope) and its
   * referrers tag-schema index, as a signer does on a registry without the referrers API.
   */
  public static SignedImage pushSignedImage(RegistryPusher push, String repository, String tag)
      throws java.io.IOException {
    Content config =
        raw(
            "application/vnd.oci.image.config.v1+json",
            "{\"os\":\"linux\",\"tag\":\"" + tag + "\"}");
    Content layer = raw("application/vnd.oci.image.layer.v1.tar+gzip", "layer of " + tag);
    Content envelope = raw("application/cose", "cose envelope of " + tag);
    push.pushBlob(repository, config.bytes());
    push.pushBlob(repository, layer.bytes());
    push.pushBlob(repository, EMPTY_JSON);
    push.pushBlob(repository, envelope.bytes());
    Content image = image(config, List.of(layer));
    push.pushManifest(repository, tag, image.mediaType(), image.bytes());
    Content sig = signature(image, envelope, false, Map.of());
    push.pushManifest(repository, sig.mediaType(), sig.bytes());
    Content tagIndex = referrersIndex(List.of(sig), List.of(NOTARY));
    push.pushManifest(
        repository, image.digest().replace(':', '-'), tagIndex.mediaType(), tagIndex.bytes());
    return new SignedImage(image, sig, envelope);
  }

  private static byte[] bytes(ObjectNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
