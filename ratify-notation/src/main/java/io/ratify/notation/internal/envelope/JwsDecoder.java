package io.ratify.notation.internal.envelope;

import static io.ratify.notation.internal.envelope.HeaderRules.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.MediaTypes;
import io.ratify.api.internal.json.JsonMappers;
import io.ratify.api.internal.parse.JsonLimits;
import io.ratify.notation.internal.VerificationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decodes a flattened JWS JSON envelope. Keys are matched case-sensitively (notation-go matches
 * case-insensitively; only exact spellings are honoured here, so e.g. {@code
 * io.cncf.notary.SigningAgent} is ignored as an unknown unprotected key). Duplicate JSON keys are
 * refused.
 */
final class JwsDecoder {
  static final ObjectMapper JSON = strictMapper(Limits.MAX_ENVELOPE_BYTES);
  private static final Pattern RFC3339 =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");
  private static final Set<String> REGISTERED =
      Set.of(
          "alg",
          "cty",
          "crit",
          HeaderNames.SIGNING_SCHEME,
          HeaderNames.SIGNING_TIME,
          HeaderNames.AUTHENTIC_SIGNING_TIME,
          HeaderNames.EXPIRY,
          HeaderNames.VERIFICATION_PLUGIN,
          HeaderNames.VERIFICATION_PLUGIN_MIN_VERSION);

  private JwsDecoder() {}

  /**
   * Most JSON tokens in an envelope or payload. Parsing happens before the signature is checked, so
   * without a bound a 4 MiB envelope of tiny values expands to about a hundred megabytes of tree
   * nodes; a notation envelope has a few dozen tokens, a payload a few per annotation.
   */
  static final long MAX_JSON_TOKENS = 1 << 16;

  /**
   * The kit's one JSON set-up, bounded to {@code maxDocument} bytes and {@link #MAX_JSON_TOKENS}.
   */
  static ObjectMapper strictMapper(int maxDocument) {
    return JsonMappers.strict(
        JsonLimits.DEFAULT.withMaxDocumentLength(maxDocument).withMaxTokenCount(MAX_JSON_TOKENS));
  }

  static DecodedEnvelope decode(byte[] envelope) throws VerificationFailure {
    JsonNode root = readObject(envelope, "jws envelope");
    String protectedB64 = text(root, "protected", "jws envelope");
    String payloadB64 = text(root, "payload", "jws envelope");
    String signatureB64 = text(root, "signature", "jws envelope");
    JsonNode header = root.get("header");
    if (header == null || !header.isObject()) {
      throw fail("jws envelope: unprotected \"header\" object is missing");
    }
    if (protectedB64.length() > Limits.MAX_PROTECTED_BYTES * 4 / 3 + 4) {
      throw fail(
          "jws envelope: protected header is larger than " + Limits.MAX_PROTECTED_BYTES + " bytes");
    }
    byte[] protectedJson = b64url(protectedB64, "protected header");
    byte[] payload = b64url(payloadB64, "payload");
    byte[] signature = b64url(signatureB64, "signature");
    if (payload.length > Limits.MAX_PAYLOAD_BYTES) {
      throw fail("jws envelope: payload is larger than " + Limits.MAX_PAYLOAD_BYTES + " bytes");
    }
    if (signature.length == 0) {
      throw fail("jws envelope: signature is empty");
    }
    ProtectedHeaders headers = protectedHeaders(protectedJson);
    SigningScheme scheme = HeaderRules.validate(headers, true);

    List<byte[]> certs = certificates(header);
    Optional<byte[]> timestamp = Optional.empty();
    JsonNode ts = header.get(HeaderNames.TIMESTAMP_SIGNATURE);
    if (ts != null) {
      if (!ts.isTextual()) {
        throw fail(
            "jws envelope: \"" + HeaderNames.TIMESTAMP_SIGNATURE + "\" must be a base64 string");
      }
      byte[] token = b64std(ts.textValue(), "timestamp signature");
      if (token.length == 0 || token.length > Limits.MAX_TIMESTAMP_BYTES) {
        throw fail(
            "jws envelope: timestamp signature is empty or larger than "
                + Limits.MAX_TIMESTAMP_BYTES
                + " bytes");
      }
      timestamp = Optional.of(token);
    }
    Optional<String> agent = Optional.empty();
    JsonNode a = header.get(HeaderNames.SIGNING_AGENT);
    if (a != null) {
      if (!a.isTextual()) {
        throw fail("jws envelope: \"" + HeaderNames.SIGNING_AGENT + "\" must be a string");
      }
      agent = Optional.of(a.textValue());
    }
    for (Iterator<String> it = header.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (headers.present().contains(name)) {
        throw fail(
            "jws envelope: \""
                + name
                + "\" appears in both the protected and the unprotected header");
      }
    }
    byte[] signingInput = (protectedB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII);
    return new DecodedEnvelope(
        MediaTypes.JWS_ENVELOPE,
        headers,
        scheme,
        payload,
        certs,
        timestamp,
        agent,
        signature,
        signingInput);
  }

  private static List<byte[]> certificates(JsonNode header) throws VerificationFailure {
    JsonNode x5c = header.get("x5c");
    if (x5c == null || !x5c.isArray() || x5c.isEmpty()) {
      throw fail("jws envelope: certificate chain is not present");
    }
    if (x5c.size() > Limits.MAX_CERTIFICATES) {
      throw fail(
          "jws envelope: certificate chain has more than "
              + Limits.MAX_CERTIFICATES
              + " certificates");
    }
    List<byte[]> out = new ArrayList<>(x5c.size());
    for (JsonNode c : x5c) {
      if (!c.isTextual()) {
        throw fail("jws envelope: x5c entries must be base64 strings");
      }
      byte[] der = b64std(c.textValue(), "x5c certificate");
      if (der.length == 0 || der.length > Limits.MAX_CERTIFICATE_BYTES) {
        throw fail(
            "jws envelope: an x5c certificate is empty or larger than "
                + Limits.MAX_CERTIFICATE_BYTES
                + " bytes");
      }
      out.add(der);
    }
    return out;
  }

  private static ProtectedHeaders protectedHeaders(byte[] json) throws VerificationFailure {
    JsonNode h = readObject(json, "jws envelope protected header");
    if (h.size() > Limits.MAX_HEADER_ENTRIES) {
      throw fail(
          "jws envelope: protected header has more than " + Limits.MAX_HEADER_ENTRIES + " entries");
    }
    String algName = text(h, "alg", "jws envelope protected header");
    SignatureAlgorithm alg = null;
    for (SignatureAlgorithm s : SignatureAlgorithm.values()) {
      if (s.jwsName().equals(algName)) {
        alg = s;
      }
    }
    if (alg == null) {
      throw fail("jws envelope: signature algorithm \"" + algName + "\" is not supported");
    }
    JsonNode cty = h.get("cty");
    if (cty == null || !cty.isTextual()) {
      throw fail("jws envelope: protected header \"cty\" is missing or not a string");
    }
    List<String> crit = new ArrayList<>();
    JsonNode critNode = h.get("crit");
    if (critNode != null) {
      if (!critNode.isArray()) {
        throw fail("jws envelope: \"crit\" must be an array of strings");
      }
      for (JsonNode c : critNode) {
        if (!c.isTextual()) {
          throw fail("jws envelope: \"crit\" must be an array of strings");
        }
        crit.add(c.textValue());
      }
    }
    JsonNode scheme = h.get(HeaderNames.SIGNING_SCHEME);
    if (scheme == null || !scheme.isTextual()) {
      throw fail(
          "jws envelope: \"" + HeaderNames.SIGNING_SCHEME + "\" header is missing or not a string");
    }
    Map<String, Object> extended = new LinkedHashMap<>();
    Set<String> present = new HashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = h.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      present.add(e.getKey());
      if (!REGISTERED.contains(e.getKey())) {
        extended.put(e.getKey(), e.getValue());
      }
    }
    return new ProtectedHeaders(
        alg,
        cty.textValue(),
        crit,
        scheme.textValue(),
        time(h, HeaderNames.SIGNING_TIME),
        time(h, HeaderNames.AUTHENTIC_SIGNING_TIME),
        time(h, HeaderNames.EXPIRY),
        optionalText(h, HeaderNames.VERIFICATION_PLUGIN),
        optionalText(h, HeaderNames.VERIFICATION_PLUGIN_MIN_VERSION),
        extended,
        present,
        REGISTERED);
  }

  private static Optional<Instant> time(JsonNode h, String name) throws VerificationFailure {
    JsonNode v = h.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isTextual() || !RFC3339.matcher(v.textValue()).matches()) {
      throw fail("jws envelope: \"" + name + "\" is not an RFC 3339 date-time");
    }
    try {
      return Optional.of(OffsetDateTime.parse(v.textValue()).toInstant());
    } catch (DateTimeParseException e) {
      throw fail("jws envelope: \"" + name + "\" is not a valid RFC 3339 date-time");
    }
  }

  private static Optional<String> optionalText(JsonNode h, String name) throws VerificationFailure {
    JsonNode v = h.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw fail("jws envelope: \"" + name + "\" must be a string");
    }
    return Optional.of(v.textValue());
  }

  static JsonNode readObject(byte[] json, String what) throws VerificationFailure {
    JsonNode n;
    try {
      n = JSON.readTree(json);
    } catch (IOException | RuntimeException e) {
      throw fail(what + " is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (n == null || !n.isObject()) {
      throw fail(what + " is not a JSON object");
    }
    return n;
  }

  private static String text(JsonNode n, String field, String what) throws VerificationFailure {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw fail(what + ": \"" + field + "\" is missing or not a string");
    }
    return v.textValue();
  }

  private static byte[] b64url(String s, String what) throws VerificationFailure {
    String[] why = new String[1];
    byte[] b = StrictBase64.urlUnpadded(s, why);
    if (b == null) {
      throw fail("jws envelope: " + what + " is not unpadded base64url: " + why[0]);
    }
    return b;
  }

  private static byte[] b64std(String s, String what) throws VerificationFailure {
    String[] why = new String[1];
    byte[] b = StrictBase64.stdPadded(s, why);
    if (b == null) {
      throw fail("jws envelope: " + what + " is not standard base64: " + why[0]);
    }
    return b;
  }

  static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
