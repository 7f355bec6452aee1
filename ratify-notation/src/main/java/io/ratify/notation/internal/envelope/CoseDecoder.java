package io.ratify.notation.internal.envelope;

import static io.ratify.notation.internal.envelope.HeaderRules.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratify.api.MediaTypes;
import io.ratify.notation.internal.VerificationFailure;
import io.ratify.notation.internal.cbor.CborException;
import io.ratify.notation.internal.cbor.CborItem;
import io.ratify.notation.internal.cbor.CborReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decodes a tagged COSE_Sign1 envelope. The protected header is kept as the exact bytes received
 * for the Sig_structure. Certificates are read only from an x5chain array in the unprotected
 * header, as notation-go does; an x5chain in the protected header is refused rather than ignored,
 * so that no signed chain can disagree with the one used. Times must be CBOR tag 1 over an integer.
 */
final class CoseDecoder {
  /** Epoch seconds of years 0001 and 9999, the range RFC 3339 can express. */
  private static final long MIN_EPOCH = -62135596800L;

  private static final long MAX_EPOCH = 253402300799L;
  private static final Set<String> REGISTERED =
      Set.of(
          "label:1",
          "label:2",
          "label:3",
          HeaderNames.SIGNING_SCHEME,
          HeaderNames.SIGNING_TIME,
          HeaderNames.AUTHENTIC_SIGNING_TIME,
          HeaderNames.EXPIRY,
          HeaderNames.VERIFICATION_PLUGIN,
          HeaderNames.VERIFICATION_PLUGIN_MIN_VERSION);

  private CoseDecoder() {}

  static DecodedEnvelope decode(byte[] envelope) throws VerificationFailure {
    CborItem root = cbor(envelope, "cose envelope");
    if (!root.tags().equals(List.of(CoseWriter.TAG_SIGN1))) {
      throw fail("cose envelope: not a tagged COSE_Sign1 message (CBOR tag 18 is required)");
    }
    if (!(root instanceof CborItem.Array msg) || msg.items().size() != 4) {
      throw fail("cose envelope: COSE_Sign1 must be an array of 4 items");
    }
    byte[] protectedBytes = untaggedBytes(msg.items().get(0), "protected header");
    if (!(msg.items().get(1) instanceof CborItem.CMap unprotected)
        || !unprotected.tags().isEmpty()) {
      throw fail("cose envelope: unprotected header must be a map");
    }
    CborItem payloadItem = msg.items().get(2);
    if (payloadItem instanceof CborItem.Simple) {
      throw fail("cose envelope: detached payloads are not supported");
    }
    byte[] payload = untaggedBytes(payloadItem, "payload");
    byte[] signature = untaggedBytes(msg.items().get(3), "signature");
    if (payload.length > Limits.MAX_PAYLOAD_BYTES) {
      throw fail("cose envelope: payload is larger than " + Limits.MAX_PAYLOAD_BYTES + " bytes");
    }
    if (signature.length == 0) {
      throw fail("cose envelope: signature missing in COSE envelope");
    }
    if (protectedBytes.length > Limits.MAX_PROTECTED_BYTES) {
      throw fail(
          "cose envelope: protected header is larger than "
              + Limits.MAX_PROTECTED_BYTES
              + " bytes");
    }
    if (protectedBytes.length == 0) {
      throw fail("cose envelope: protected header is empty");
    }
    CborItem ph = cbor(protectedBytes, "cose envelope protected header");
    if (!(ph instanceof CborItem.CMap protectedMap) || !ph.tags().isEmpty()) {
      throw fail("cose envelope: protected header must be a map");
    }
    ProtectedHeaders headers = protectedHeaders(protectedMap);
    SigningScheme scheme = HeaderRules.validate(headers, false);

    List<byte[]> certs = null;
    Optional<byte[]> timestamp = Optional.empty();
    Optional<String> agent = Optional.empty();
    if (unprotected.entries().size() > Limits.MAX_HEADER_ENTRIES) {
      throw fail(
          "cose envelope: unprotected header has more than "
              + Limits.MAX_HEADER_ENTRIES
              + " entries");
    }
    for (Map.Entry<CborItem, CborItem> e : unprotected.entries().entrySet()) {
      String name = labelName(e.getKey());
      if (headers.present().contains(name)) {
        throw fail(
            "cose envelope: \""
                + name
                + "\" appears in both the protected and the unprotected header");
      }
      CborItem v = e.getValue();
      if (name.equals("label:" + CoseWriter.LABEL_X5CHAIN)) {
        certs = certificates(v);
      } else if (name.equals(HeaderNames.SIGNING_AGENT)) {
        if (!(v instanceof CborItem.Text t) || !v.tags().isEmpty()) {
          throw fail("cose envelope: \"" + HeaderNames.SIGNING_AGENT + "\" must be a text string");
        }
        agent = Optional.of(t.value());
      } else if (name.equals(HeaderNames.TIMESTAMP_SIGNATURE)) {
        byte[] token = untaggedBytes(v, "timestamp signature");
        if (token.length == 0 || token.length > Limits.MAX_TIMESTAMP_BYTES) {
          throw fail(
              "cose envelope: timestamp signature is empty or larger than "
                  + Limits.MAX_TIMESTAMP_BYTES
                  + " bytes");
        }
        timestamp = Optional.of(token);
      }
    }
    if (certs == null) {
      throw fail("cose envelope: certificate chain is not present");
    }
    return new DecodedEnvelope(
        MediaTypes.COSE_ENVELOPE,
        headers,
        scheme,
        payload,
        certs,
        timestamp,
        agent,
        signature,
        CoseWriter.sigStructure(protectedBytes, payload));
  }

  private static List<byte[]> certificates(CborItem v) throws VerificationFailure {
    if (!(v instanceof CborItem.Array a) || !v.tags().isEmpty() || a.items().isEmpty()) {
      throw fail(
          "cose envelope: certificate chain is not present (x5chain must be a non-empty array)");
    }
    if (a.items().size() > Limits.MAX_CERTIFICATES) {
      throw fail(
          "cose envelope: certificate chain has more than "
              + Limits.MAX_CERTIFICATES
              + " certificates");
    }
    List<byte[]> out = new ArrayList<>();
    for (CborItem c : a.items()) {
      byte[] der = untaggedBytes(c, "x5chain certificate");
      if (der.length == 0 || der.length > Limits.MAX_CERTIFICATE_BYTES) {
        throw fail(
            "cose envelope: an x5chain certificate is empty or larger than "
                + Limits.MAX_CERTIFICATE_BYTES
                + " bytes");
      }
      out.add(der);
    }
    return out;
  }

  private static ProtectedHeaders protectedHeaders(CborItem.CMap map) throws VerificationFailure {
    if (map.entries().size() > Limits.MAX_HEADER_ENTRIES) {
      throw fail(
          "cose envelope: protected header has more than "
              + Limits.MAX_HEADER_ENTRIES
              + " entries");
    }
    SignatureAlgorithm alg = null;
    String contentType = null;
    List<String> crit = new ArrayList<>();
    String scheme = null;
    Optional<Instant> signingTime = Optional.empty();
    Optional<Instant> authenticSigningTime = Optional.empty();
    Optional<Instant> expiry = Optional.empty();
    Optional<String> plugin = Optional.empty();
    Optional<String> pluginMin = Optional.empty();
    Map<String, Object> extended = new LinkedHashMap<>();
    Set<String> present = new HashSet<>();
    for (Map.Entry<CborItem, CborItem> e : map.entries().entrySet()) {
      String name = labelName(e.getKey());
      present.add(name);
      CborItem v = e.getValue();
      switch (name) {
        case "label:1":
          alg = algorithm(v);
          break;
        case "label:2":
          crit = critical(v);
          break;
        case "label:3":
          if (!(v instanceof CborItem.Text t) || !v.tags().isEmpty()) {
            throw fail("cose envelope: content type should be of 'tstr' type");
          }
          contentType = t.value();
          break;
        case "label:33":
          throw fail(
              "cose envelope: x5chain in the protected header is not supported; notation reads it from the"
                  + " unprotected header");
        case HeaderNames.SIGNING_SCHEME:
          scheme = text(v, name);
          break;
        case HeaderNames.SIGNING_TIME:
          signingTime = Optional.of(time(v, name));
          break;
        case HeaderNames.AUTHENTIC_SIGNING_TIME:
          authenticSigningTime = Optional.of(time(v, name));
          break;
        case HeaderNames.EXPIRY:
          expiry = Optional.of(time(v, name));
          break;
        case HeaderNames.VERIFICATION_PLUGIN:
          plugin = Optional.of(text(v, name));
          break;
        case HeaderNames.VERIFICATION_PLUGIN_MIN_VERSION:
          pluginMin = Optional.of(text(v, name));
          break;
        default:
          if (e.getKey() instanceof CborItem.Text) {
            extended.put(name, toJson(v));
          }
      }
    }
    if (alg == null) {
      throw fail("cose envelope: protected header has no algorithm (label 1)");
    }
    if (contentType == null) {
      throw fail("cose envelope: missing content type");
    }
    if (scheme == null) {
      throw fail("cose envelope: \"" + HeaderNames.SIGNING_SCHEME + "\" header is missing");
    }
    return new ProtectedHeaders(
        alg,
        contentType,
        crit,
        scheme,
        signingTime,
        authenticSigningTime,
        expiry,
        plugin,
        pluginMin,
        extended,
        present,
        REGISTERED);
  }

  private static SignatureAlgorithm algorithm(CborItem v) throws VerificationFailure {
    if (v instanceof CborItem.Int i && v.tags().isEmpty() && i.value().bitLength() < 32) {
      for (SignatureAlgorithm s : SignatureAlgorithm.values()) {
        if (s.coseLabel() == i.value().intValue()) {
          return s;
        }
      }
    }
    throw fail(
        "cose envelope: signature algorithm is not supported (label 1 must be one of -37, -38, -39, -7, -35,"
            + " -36)");
  }

  private static List<String> critical(CborItem v) throws VerificationFailure {
    if (!(v instanceof CborItem.Array a) || !v.tags().isEmpty()) {
      throw fail("cose envelope: \"crit\" (label 2) must be an array");
    }
    List<String> out = new ArrayList<>();
    for (CborItem c : a.items()) {
      if (!c.tags().isEmpty() || !(c instanceof CborItem.Int || c instanceof CborItem.Text)) {
        throw fail("cose envelope: \"crit\" entries must be integer or text labels");
      }
      out.add(labelName(c));
    }
    return out;
  }

  /** Text labels as themselves, integer labels as {@code label:<n>}; anything else is refused. */
  private static String labelName(CborItem key) throws VerificationFailure {
    if (!key.tags().isEmpty()) {
      throw fail("cose envelope: header labels must not be tagged");
    }
    if (key instanceof CborItem.Text t) {
      if (t.value().startsWith("label:")) {
        throw fail("cose envelope: text label \"" + t.value() + "\" is reserved");
      }
      return t.value();
    }
    if (key instanceof CborItem.Int i) {
      return "label:" + i.value();
    }
    throw fail("cose envelope: header labels must be integers or text strings");
  }

  private static String text(CborItem v, String name) throws VerificationFailure {
    if (!(v instanceof CborItem.Text t) || !v.tags().isEmpty()) {
      throw fail("cose envelope: \"" + name + "\" must be a text string");
    }
    return t.value();
  }

  private static Instant time(CborItem v, String name) throws VerificationFailure {
    if (v.tags().isEmpty()) {
      throw fail(
          "cose envelope: \""
              + name
              + "\": invalid timeValue type (a CBOR tag 1 epoch time is required)");
    }
    if (!v.tags().equals(List.of(1L))) {
      throw fail("cose envelope: \"" + name + "\": only Tag `1` Datetime CBOR object is supported");
    }
    if (!(v instanceof CborItem.Int i) || i.value().bitLength() > 63) {
      throw fail("cose envelope: \"" + name + "\": tag 1 must wrap an integer number of seconds");
    }
    long s = i.value().longValue();
    if (s < MIN_EPOCH || s > MAX_EPOCH) {
      throw fail("cose envelope: \"" + name + "\": time is outside years 1 to 9999");
    }
    return Instant.ofEpochSecond(s);
  }

  private static byte[] untaggedBytes(CborItem v, String what) throws VerificationFailure {
    if (!(v instanceof CborItem.Bytes b) || !v.tags().isEmpty()) {
      throw fail("cose envelope: " + what + " must be an untagged byte string");
    }
    return b.value();
  }

  private static CborItem cbor(byte[] data, String what) throws VerificationFailure {
    try {
      return CborReader.decode(data);
    } catch (CborException e) {
      throw fail(what + " is not valid CBOR: " + e.getMessage());
    }
  }

  /** Extended attribute values as Jackson trees, so both formats expose one value model. */
  private static JsonNode toJson(CborItem v) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (v instanceof CborItem.Int i) {
      return i.value().bitLength() < 64
          ? f.numberNode(i.value().longValue())
          : f.numberNode(i.value());
    } else if (v instanceof CborItem.Bytes b) {
      return f.binaryNode(b.value());
    } else if (v instanceof CborItem.Text t) {
      return f.textNode(t.value());
    } else if (v instanceof CborItem.Array a) {
      ArrayNode arr = f.arrayNode();
      for (CborItem e : a.items()) {
        arr.add(toJson(e));
      }
      return arr;
    } else if (v instanceof CborItem.CMap m) {
      ObjectNode o = f.objectNode();
      for (Map.Entry<CborItem, CborItem> e : m.entries().entrySet()) {
        String k = e.getKey() instanceof CborItem.Text t ? t.value() : String.valueOf(e.getKey());
        o.set(k, toJson(e.getValue()));
      }
      return o;
    } else if (v instanceof CborItem.FloatNumber d) {
      return f.numberNode(d.value());
    }
    CborItem.Simple s = (CborItem.Simple) v;
    return s.value() == CborItem.Simple.TRUE
        ? f.booleanNode(true)
        : s.value() == CborItem.Simple.FALSE ? f.booleanNode(false) : f.nullNode();
  }
}
