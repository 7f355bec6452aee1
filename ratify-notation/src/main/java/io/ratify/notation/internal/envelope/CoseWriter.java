package io.ratify.notation.internal.envelope;

import io.ratify.notation.internal.cbor.CborItem;
import io.ratify.notation.internal.cbor.CborWriter;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a tagged COSE_Sign1 envelope as notation-core-go (go-cose) does: deterministic map order,
 * the certificate chain as an x5chain array (label 33) in the unprotected header, and the signature
 * over {@code Sig_structure = ["Signature1", protected, h'', payload]}.
 */
public final class CoseWriter {
  /** The COSE_Sign1 tag. */
  public static final long TAG_SIGN1 = 18;

  /** The x5chain header label. */
  public static final long LABEL_X5CHAIN = 33;

  private CoseWriter() {}

  /** Signs and encodes; {@code protectedHeader} is encoded deterministically. */
  public static byte[] write(
      CborItem.CMap protectedHeader,
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
      CborItem.CMap protectedHeader,
      byte[] payload,
      PrivateKey key,
      SignatureAlgorithm alg,
      List<X509Certificate> chain,
      Optional<String> signingAgent,
      SignatureTimestamper timestamper)
      throws GeneralSecurityException, io.ratify.api.RatifyException {
    return writeRaw(
        CborWriter.encode(protectedHeader), payload, key, alg, chain, signingAgent, timestamper);
  }

  /** As {@link #write}, with the protected header given as its exact encoded bytes. */
  public static byte[] writeRaw(
      byte[] protectedBytes,
      byte[] payload,
      PrivateKey key,
      SignatureAlgorithm alg,
      List<X509Certificate> chain,
      Optional<String> signingAgent)
      throws GeneralSecurityException {
    return SignatureTimestamper.untimestamped(
        t -> writeRaw(protectedBytes, payload, key, alg, chain, signingAgent, t));
  }

  /** As {@link #writeRaw}, adding the countersignature {@code timestamper} gives, if any. */
  public static byte[] writeRaw(
      byte[] protectedBytes,
      byte[] payload,
      PrivateKey key,
      SignatureAlgorithm alg,
      List<X509Certificate> chain,
      Optional<String> signingAgent,
      SignatureTimestamper timestamper)
      throws GeneralSecurityException, io.ratify.api.RatifyException {
    byte[] sig = SignaturePrimitives.sign(key, alg, sigStructure(protectedBytes, payload));
    List<CborItem> certs = new ArrayList<>();
    for (X509Certificate c : chain) {
      certs.add(CborWriter.bytes(c.getEncoded()));
    }
    Map<CborItem, CborItem> unprotected = new LinkedHashMap<>();
    unprotected.put(CborWriter.integer(LABEL_X5CHAIN), CborWriter.array(certs));
    signingAgent.ifPresent(
        a -> unprotected.put(CborWriter.text(HeaderNames.SIGNING_AGENT), CborWriter.text(a)));
    // Deterministic order: text keys shortest first, so the longer timestamp label comes last.
    timestamper
        .timestamp(sig.clone(), alg)
        .ifPresent(
            t ->
                unprotected.put(
                    CborWriter.text(HeaderNames.TIMESTAMP_SIGNATURE), CborWriter.bytes(t)));
    CborItem message =
        CborWriter.tagged(
            TAG_SIGN1,
            CborWriter.array(
                List.of(
                    CborWriter.bytes(protectedBytes),
                    CborWriter.map(unprotected),
                    CborWriter.bytes(payload),
                    CborWriter.bytes(sig))));
    return CborWriter.encode(message);
  }

  /** The bytes a COSE_Sign1 signature covers (RFC 9052 §4.4, no external AAD). */
  public static byte[] sigStructure(byte[] protectedBytes, byte[] payload) {
    return CborWriter.encode(
        CborWriter.array(
            List.of(
                CborWriter.text("Signature1"),
                CborWriter.bytes(protectedBytes),
                CborWriter.bytes(new byte[0]),
                CborWriter.bytes(payload))));
  }
}
