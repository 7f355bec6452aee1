package io.ratify.notation.internal.envelope;

import io.ratify.notation.internal.json.GoJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a JWS JSON (flattened) envelope byte for byte as notation-core-go does: protected header
 * and payload are unpadded base64url of the given JSON, the unprotected header fields appear in Go
 * struct order ({@code io.cncf.notary.timestampSignature}, {@code x5c}, {@code
 * io.cncf.notary.signingAgent}) with certificates in standard padded base64.
 */
public final class JwsWriter {
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Encoder STD = Base64.getEncoder();

  private JwsWriter() {}

  /**
   * Serialises a JWS JSON envelope.
   *
   * @param protectedHeader the protected header, already in the key order to write (Go sorts map
   *     keys)
   * @param payload the exact payload bytes
   */
  public static byte[] write(
      Map<String, Object> protectedHeader,
      byte[] payload,
      PrivateKey key,
      SignatureAlgorithm alg,
      List<X509Certificate> chain,
      Optional<String> signingAgent)
      throws GeneralSecurityException {
    return SignatureTimestamper.untimestamped(
        t -> write(protectedHeader, payload, key, alg, chain, signingAgent, t));
  }

  /** As {@link #write}, adding the countersignature {@code timestamper} gives, if any. */
  public static byte[] write(
      Map<String, Object> protectedHeader,
      byte[] payload,
      PrivateKey key,
      SignatureAlgorithm alg,
      List<X509Certificate> chain,
      Optional<String> signingAgent,
      SignatureTimestamper timestamper)
      throws GeneralSecurityException, io.ratify.api.RatifyException {
    String protectedB64 =
        URL.encodeToString(GoJson.write(protectedHeader).getBytes(StandardCharsets.UTF_8));
    return writeRaw(
        protectedB64, URL.encodeToString(payload), key, alg, chain, signingAgent, timestamper);
  }

  /** As {@link #write}, with the protected header and payload given as their base64url text. */
  public static byte[] writeRaw(
      String protectedB64,
      String payloadB64,
      PrivateKey key,
      SignatureAlgorithm alg,
      List<X509Certificate> chain,
      Optional<String> signingAgent)
      throws GeneralSecurityException {
    return SignatureTimestamper.untimestamped(
        t -> writeRaw(protectedB64, payloadB64, key, alg, chain, signingAgent, t));
  }

  /** As {@link #writeRaw}, adding the countersignature {@code timestamper} gives, if any. */
  public static byte[] writeRaw(
      String protectedB64,
      String payloadB64,
      PrivateKey key,
      SignatureAlgorithm alg,
      List<X509Certificate> chain,
      Optional<String> signingAgent,
      SignatureTimestamper timestamper)
      throws GeneralSecurityException, io.ratify.api.RatifyException {
    byte[] signingInput = (protectedB64 + "." + payloadB64).getBytes(StandardCharsets.US_ASCII);
    byte[] sig = SignaturePrimitives.sign(key, alg, signingInput);
    Map<String, Object> header = new LinkedHashMap<>();
    Optional<byte[]> token = timestamper.timestamp(sig.clone(), alg);
    token.ifPresent(t -> header.put(HeaderNames.TIMESTAMP_SIGNATURE, STD.encodeToString(t)));
    header.put("x5c", encodeChain(chain));
    signingAgent.ifPresent(a -> header.put("io.cncf.notary.signingAgent", a));
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("payload", payloadB64);
    envelope.put("protected", protectedB64);
    envelope.put("header", header);
    envelope.put("signature", URL.encodeToString(sig));
    return GoJson.write(envelope).getBytes(StandardCharsets.UTF_8);
  }

  private static List<Object> encodeChain(List<X509Certificate> chain)
      throws CertificateEncodingException {
    List<Object> out = new ArrayList<>(chain.size());
    for (X509Certificate c : chain) {
      out.add(STD.encodeToString(c.getEncoded()));
    }
    return out;
  }
}
