package io.ratify.oras.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.MediaTypes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Pushes blobs, manifests and whole OCI layouts to a {@link LocalRegistry} with the distribution
 * push protocol (monolithic upload), for test setup. Content is sent byte for byte, so digests are
 * preserved.
 */
public final class RegistryPusher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LocalRegistry registry;
  private final HttpClient client;
  private final Optional<String> authorization;

  /**
   * @param registry the target
   * @param authorization an {@code Authorization} value with push rights, if the registry needs one
   */
  public RegistryPusher(LocalRegistry registry, Optional<String> authorization) {
    this.registry = registry;
    this.client = registry.client();
    this.authorization = authorization;
  }

  /** {@code sha256:<hex>} of {@code bytes}. */
  public static String digest(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Uploads a blob; returns its digest. */
  public String pushBlob(String repository, byte[] content) throws IOException {
    String digest = digest(content);
    HttpResponse<String> start =
        send(
            request(registry.baseUri().resolve("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    expect(start, 202, "start upload");
    String location = start.headers().firstValue("Location").orElseThrow();
    URI upload = registry.baseUri().resolve(location);
    String sep = upload.getRawQuery() == null ? "?" : "&";
    HttpResponse<String> put =
        send(
            request(URI.create(upload + sep + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
    expect(put, 201, "finish upload");
    return digest;
  }

  /** Puts a manifest under {@code reference} (a tag or its digest); returns its digest. */
  public String pushManifest(String repository, String reference, String mediaType, byte[] content)
      throws IOException {
    HttpResponse<String> put =
        send(
            request(registry.baseUri().resolve("/v2/" + repository + "/manifests/" + reference))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
    expect(put, 201, "put manifest " + reference);
    return digest(content);
  }

  /** Puts a manifest by its digest. */
  public String pushManifest(String repository, String mediaType, byte[] content)
      throws IOException {
    return pushManifest(repository, digest(content), mediaType, content);
  }

  /** Pushes a JSON manifest given as text. */
  public String pushManifest(String repository, String mediaType, String json) throws IOException {
    return pushManifest(repository, mediaType, json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Pushes a small single-layer image (a linux/amd64 config and one layer of {@code layerText})
   * tagged {@code tag}.
   *
   * @return the image manifest's descriptor
   */
  public Descriptor pushImage(String repository, String tag, String layerText) throws IOException {
    byte[] config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    byte[] layer = layerText.getBytes(StandardCharsets.UTF_8);
    pushBlob(repository, config);
    pushBlob(repository, layer);
    byte[] manifest =
        ("{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_MANIFEST
                + "\",\"config\":"
                + descriptorJson(MediaTypes.OCI_IMAGE_CONFIG, config)
                + ",\"layers\":["
                + descriptorJson(MediaTypes.OCI_LAYER_TAR_GZIP, layer)
                + "]}")
            .getBytes(StandardCharsets.UTF_8);
    pushManifest(repository, tag, MediaTypes.OCI_MANIFEST, manifest);
    return Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(manifest), manifest.length);
  }

  /**
   * Pushes a referrer of {@code subject}: its blobs, its image manifest by digest, and the
   * referrers tag-schema index ({@code sha256-<hex>} of the subject) listing it with {@code
   * artifactType}, as notation does on registries without the referrers API (distribution 2.8). The
   * index lists this referrer only.
   */
  public void pushReferrer(
      String repository,
      Descriptor subject,
      List<byte[]> blobs,
      byte[] manifest,
      String artifactType)
      throws IOException {
    for (byte[] b : blobs) {
      pushBlob(repository, b);
    }
    pushManifest(repository, MediaTypes.OCI_MANIFEST, manifest);
    String index =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_INDEX
            + "\",\"manifests\":["
            + descriptorJson(MediaTypes.OCI_MANIFEST, manifest)
                .replaceFirst("}$", ",\"artifactType\":\"" + artifactType + "\"}")
            + "]}";
    pushManifest(
        repository,
        subject.digest().tagSchemaTag(),
        MediaTypes.OCI_INDEX,
        index.getBytes(StandardCharsets.UTF_8));
  }

  private static String descriptorJson(String mediaType, byte[] content) {
    return "{\"mediaType\":\""
        + mediaType
        + "\",\"digest\":\""
        + Digest.sha256(content)
        + "\",\"size\":"
        + content.length
        + "}";
  }

  /**
   * Copies an OCI layout into {@code repository}: every blob referenced by the image manifests
   * listed in {@code index.json}, then those manifests, then the image indexes (so their children
   * exist), each tagged with its {@code org.opencontainers.image.ref.name}.
   */
  public void pushLayout(Path layout, String repository) throws IOException {
    JsonNode index = JSON.readTree(Files.readAllBytes(layout.resolve("index.json")));
    List<JsonNode> indexes = new ArrayList<>();
    for (JsonNode e : index.get("manifests")) {
      String mediaType = e.get("mediaType").asText();
      if (mediaType.contains("index")) {
        indexes.add(e);
        continue;
      }
      byte[] manifest = blob(layout, e.get("digest").asText());
      JsonNode m = JSON.readTree(manifest);
      if (m.has("config")) {
        pushBlob(repository, blob(layout, m.get("config").get("digest").asText()));
      }
      for (JsonNode l : m.path("layers")) {
        pushBlob(repository, blob(layout, l.get("digest").asText()));
      }
      pushTagged(layout, repository, e, mediaType, manifest);
    }
    for (JsonNode e : indexes) {
      pushTagged(
          layout,
          repository,
          e,
          e.get("mediaType").asText(),
          blob(layout, e.get("digest").asText()));
    }
  }

  @SuppressWarnings("UnusedVariable") // the layout is not read: its blobs were pushed already
  private void pushTagged(
      Path layout, String repository, JsonNode entry, String mediaType, byte[] content)
      throws IOException {
    pushManifest(repository, mediaType, content);
    JsonNode name = entry.path("annotations").path("org.opencontainers.image.ref.name");
    if (name.isTextual()) {
      pushManifest(repository, name.asText(), mediaType, content);
    }
  }

  private static byte[] blob(Path layout, String digest) throws IOException {
    String[] parts = digest.split(":");
    return Files.readAllBytes(layout.resolve("blobs").resolve(parts[0]).resolve(parts[1]));
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri);
    authorization.ifPresent(a -> b.header("Authorization", a));
    return b;
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws IOException {
    try {
      return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void expect(HttpResponse<String> r, int status, String what) throws IOException {
    if (r.statusCode() != status) {
      throw new IOException(
          what + ": expected " + status + ", got " + r.statusCode() + ": " + r.body());
    }
  }
}
