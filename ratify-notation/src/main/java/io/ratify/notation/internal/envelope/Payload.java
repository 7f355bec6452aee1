package io.ratify.notation.internal.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.RatifyException;
import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Notary Project signature payload, {@code {"targetArtifact": <descriptor>}}: the signed
 * descriptor's media type, digest, size and annotations (user metadata). Other descriptor fields
 * are ignored, as notation-go ignores them when matching.
 *
 * @param mediaType the signed media type, never blank
 * @param digest the signed digest
 * @param size the signed size, never negative
 * @param annotations the signed annotations, possibly empty
 */
public record Payload(String mediaType, Digest digest, long size, Map<String, String> annotations) {
  /** Largest payload accepted. */
  public static final int MAX_BYTES = Limits.MAX_PAYLOAD_BYTES;

  private static final ObjectMapper JSON = JwsDecoder.strictMapper(MAX_BYTES);

  public Payload {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    annotations = Map.copyOf(annotations);
  }

  /**
   * Parses a payload. Parse only bytes whose signature verified.
   *
   * @throws VerificationFailure with {@link Check#INTEGRITY} when the payload is not a valid Notary
   *     Project payload
   */
  public static Payload parse(byte[] payloadJson) throws VerificationFailure {
    if (payloadJson == null || payloadJson.length > MAX_BYTES) {
      throw fail("the payload is missing or larger than " + MAX_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = JSON.readTree(payloadJson);
    } catch (Exception e) {
      throw fail("the payload is not valid JSON: " + JwsDecoder.firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw fail("the payload is not a JSON object");
    }
    JsonNode target = root.get("targetArtifact");
    if (target == null || !target.isObject()) {
      throw fail("the payload has no \"targetArtifact\" object");
    }
    JsonNode mt = target.get("mediaType");
    if (mt == null || !mt.isTextual() || mt.textValue().isBlank()) {
      throw fail("the payload's targetArtifact has no mediaType");
    }
    JsonNode dg = target.get("digest");
    if (dg == null || !dg.isTextual()) {
      throw fail("the payload's targetArtifact has no digest");
    }
    Digest digest;
    try {
      digest = Digest.parse(dg.textValue());
    } catch (RatifyException e) {
      throw fail("the payload's targetArtifact digest is invalid: " + e.detail());
    }
    JsonNode sz = target.get("size");
    if (sz == null || !sz.isIntegralNumber() || !sz.canConvertToLong() || sz.longValue() < 0) {
      throw fail("the payload's targetArtifact size is missing or not a non-negative integer");
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    JsonNode an = target.get("annotations");
    if (an != null && !an.isNull()) {
      if (!an.isObject()) {
        throw fail("the payload's targetArtifact annotations are not an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = an.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw fail(
              "the payload's targetArtifact annotation \"" + e.getKey() + "\" is not a string");
        }
        annotations.put(e.getKey(), e.getValue().textValue());
      }
    }
    return new Payload(mt.textValue(), digest, sz.longValue(), annotations);
  }

  /** The signed descriptor (without artifact type). */
  public Descriptor toDescriptor() {
    return new Descriptor(mediaType, digest, size, Optional.empty(), annotations);
  }

  /**
   * Whether the signed media type, digest and size equal {@code d}'s (notation-go {@code
   * content.Equal}).
   */
  public boolean matches(Descriptor d) {
    return mediaType.equals(d.mediaType()) && digest.equals(d.digest()) && size == d.size();
  }

  private static VerificationFailure fail(String reason) {
    return new VerificationFailure(Check.INTEGRITY, reason);
  }
}
