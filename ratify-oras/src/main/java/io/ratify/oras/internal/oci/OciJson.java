package io.ratify.oras.internal.oci;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.Manifest;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.api.internal.json.JsonMappers;
import io.ratify.api.internal.parse.Printable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Strict parsing of OCI manifests, image indexes and descriptors. Every malformed input ends in a
 * {@link RatifyException} with {@link ErrorCode#MANIFEST_INVALID}; nothing else escapes. Duplicate
 * keys are rejected (two readers could otherwise see different content behind one digest), nesting
 * and lengths are bounded.
 */
public final class OciJson {
  /** Most entries accepted in one {@code layers}, {@code manifests} or {@code blobs} array. */
  public static final int MAX_ENTRIES = 10_000;

  private static final int MAX_ANNOTATIONS = 1_000;
  private static final Set<String> IMAGE_MANIFESTS =
      Set.of(MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST);
  private static final Set<String> INDEXES =
      Set.of(MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST);

  private static final ObjectMapper MAPPER = JsonMappers.strict();

  private OciJson() {}

  /** Whether {@code mediaType} is a manifest type this library parses. */
  public static boolean isManifestType(String mediaType) {
    return MediaTypes.MANIFEST_ACCEPT.contains(mediaType);
  }

  /** Whether {@code mediaType} is an image index or a Docker manifest list. */
  public static boolean isIndexType(String mediaType) {
    return INDEXES.contains(mediaType);
  }

  /**
   * Parses manifest bytes already checked against {@code descriptor}. The descriptor's media type
   * decides the form; a {@code mediaType} field in the content must agree with it.
   */
  public static Manifest parseManifest(Descriptor descriptor, byte[] bytes) throws RatifyException {
    String what = "manifest " + descriptor.digest();
    String type = descriptor.mediaType();
    if (!isManifestType(type)) {
      throw invalid(
          what, "media type '" + Printable.of(type) + "' is not a manifest type this store reads");
    }
    JsonNode root = readObject(bytes, what);
    Optional<String> declared = optionalString(root, "mediaType", what);
    if (declared.isPresent() && !declared.get().equals(type)) {
      throw invalid(
          what,
          "content declares media type '"
              + Printable.of(declared.get())
              + "' but the descriptor says '"
              + type
              + "'");
    }
    if (!type.equals(MediaTypes.OCI_ARTIFACT_MANIFEST)) {
      JsonNode version = root.get("schemaVersion");
      if (version == null || !version.isIntegralNumber() || version.asInt() != 2) {
        throw invalid(what, "schemaVersion must be 2");
      }
    }
    Optional<String> artifactType = optionalString(root, "artifactType", what);
    Optional<Descriptor> subject = optionalDescriptor(root, "subject", what);
    Map<String, String> annotations = annotations(root.get("annotations"), what + " annotations");
    Optional<Descriptor> config = Optional.empty();
    List<Descriptor> layers = List.of();
    List<Descriptor> manifests = List.of();
    if (IMAGE_MANIFESTS.contains(type)) {
      config =
          Optional.of(
              optionalDescriptor(root, "config", what)
                  .orElseThrow(() -> invalid(what, "config is missing")));
      layers = descriptorList(root, "layers", what, false);
    } else if (INDEXES.contains(type)) {
      manifests = descriptorList(root, "manifests", what, true);
    } else {
      layers = descriptorList(root, "blobs", what, false);
    }
    return new Manifest(
        descriptor, bytes, artifactType, config, layers, manifests, subject, annotations);
  }

  /**
   * Parses an image index (a referrers response, a referrers tag-schema index, or a layout's {@code
   * index.json}) into its {@code manifests} descriptors. The {@code mediaType} field, when present,
   * must be the OCI index type; {@code manifests} is required (image-spec), so that a manifest that
   * names no media type is not read as an index without entries, which would mean "no referrers".
   */
  public static List<Descriptor> parseIndex(byte[] bytes, String what) throws RatifyException {
    JsonNode root = readObject(bytes, what);
    Optional<String> declared = optionalString(root, "mediaType", what);
    if (declared.isPresent() && !declared.get().equals(MediaTypes.OCI_INDEX)) {
      throw invalid(
          what, "media type '" + Printable.of(declared.get()) + "' is not an OCI image index");
    }
    JsonNode version = root.get("schemaVersion");
    if (version != null && (!version.isIntegralNumber() || version.asInt() != 2)) {
      throw invalid(what, "schemaVersion must be 2");
    }
    return descriptorList(root, "manifests", what, true);
  }

  /**
   * The {@code mediaType} field of a manifest, for content whose type no descriptor names (a layout
   * blob).
   */
  public static Optional<String> declaredMediaType(byte[] bytes, String what)
      throws RatifyException {
    return optionalString(readObject(bytes, what), "mediaType", what);
  }

  /** Parses a small JSON object (token responses, layout files). */
  public static JsonNode readObject(byte[] bytes, String what) throws RatifyException {
    JsonNode root;
    try (JsonParser p = MAPPER.createParser(bytes)) {
      root = MAPPER.readTree(p);
      if (p.nextToken() != null) {
        throw invalid(what, "trailing content after the JSON value");
      }
    } catch (IOException | RuntimeException e) {
      throw new RatifyException(
          ErrorCode.MANIFEST_INVALID,
          what + ": not valid JSON: " + shortMessage(e),
          "check the content in the store",
          null);
    }
    if (root == null || !root.isObject()) {
      throw invalid(what, "expected a JSON object");
    }
    return root;
  }

  static Descriptor descriptor(JsonNode node, String what) throws RatifyException {
    if (node == null || !node.isObject()) {
      throw invalid(what, "descriptor must be a JSON object");
    }
    String mediaType =
        optionalString(node, "mediaType", what)
            .orElseThrow(() -> invalid(what, "mediaType is missing"));
    if (mediaType.isBlank() || mediaType.length() > 255) {
      throw invalid(what, "mediaType must be 1 to 255 characters");
    }
    String digestText =
        optionalString(node, "digest", what).orElseThrow(() -> invalid(what, "digest is missing"));
    Digest digest;
    try {
      digest = Digest.parse(digestText);
    } catch (RatifyException e) {
      throw invalid(what, e.detail());
    }
    JsonNode size = node.get("size");
    if (size == null || !size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
      throw invalid(what, "size must be a non-negative integer");
    }
    Optional<String> artifactType = optionalString(node, "artifactType", what);
    Map<String, String> annotations = annotations(node.get("annotations"), what + " annotations");
    return new Descriptor(mediaType, digest, size.asLong(), artifactType, annotations);
  }

  private static Optional<Descriptor> optionalDescriptor(JsonNode root, String field, String what)
      throws RatifyException {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    return Optional.of(descriptor(n, what + " " + field));
  }

  private static List<Descriptor> descriptorList(
      JsonNode root, String field, String what, boolean required) throws RatifyException {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw invalid(what, field + " is missing");
      }
      return List.of();
    }
    if (!n.isArray()) {
      throw invalid(what, field + " must be an array");
    }
    if (n.size() > MAX_ENTRIES) {
      throw invalid(what, field + " has more than " + MAX_ENTRIES + " entries");
    }
    List<Descriptor> out = new ArrayList<>(n.size());
    for (int i = 0; i < n.size(); i++) {
      out.add(descriptor(n.get(i), what + " " + field + "[" + i + "]"));
    }
    return out;
  }

  private static Map<String, String> annotations(JsonNode n, String what) throws RatifyException {
    if (n == null || n.isNull()) {
      return Map.of();
    }
    if (!n.isObject()) {
      throw invalid(what, "must be a JSON object");
    }
    if (n.size() > MAX_ANNOTATIONS) {
      throw invalid(what, "more than " + MAX_ANNOTATIONS + " entries");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw invalid(what, "value of '" + Printable.of(e.getKey()) + "' must be a string");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  private static Optional<String> optionalString(JsonNode root, String field, String what)
      throws RatifyException {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw invalid(what, field + " must be a string");
    }
    return Optional.of(n.textValue());
  }

  private static RatifyException invalid(String what, String why) {
    return new RatifyException(
        ErrorCode.MANIFEST_INVALID, what + ": " + why, "check the content in the store", null);
  }

  private static String shortMessage(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return Printable.of(nl < 0 ? m : m.substring(0, nl));
  }
}
