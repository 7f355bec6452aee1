package io.ratify.notation.internal.envelope;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Notary Project signature envelope (JWS or COSE) whose structure was validated and whose
 * signature verified against the leaf certificate of its own chain (the integrity check). Nothing
 * here says the signer is trusted.
 *
 * @param mediaType {@code application/jose+json} or {@code application/cose}
 * @param payload the exact signed payload bytes
 * @param payloadContentType the payload content type (JWS {@code cty}, COSE label 3)
 * @param signingScheme the signing scheme
 * @param algorithm the signature algorithm
 * @param signingTime {@code io.cncf.notary.signingTime} (notary.x509)
 * @param authenticSigningTime {@code io.cncf.notary.authenticSigningTime} (signingAuthority)
 * @param expiry {@code io.cncf.notary.expiry}
 * @param certificateChain the chain from the unprotected header, leaf first
 * @param timestampToken the RFC 3161 countersignature (DER TimeStampToken), if any
 * @param signingAgent {@code io.cncf.notary.signingAgent}, if any
 * @param verificationPlugin {@code io.cncf.notary.verificationPlugin}, if any
 * @param verificationPluginMinVersion {@code io.cncf.notary.verificationPluginMinVersion}, if any
 * @param extendedAttributes other protected attributes (name to value), critical or not
 * @param criticalAttributes every attribute name listed as critical ({@code crit})
 * @param signature the raw signature bytes (what a timestamp countersignature covers)
 */
public record SignedEnvelope(
    String mediaType,
    byte[] payload,
    String payloadContentType,
    SigningScheme signingScheme,
    SignatureAlgorithm algorithm,
    Optional<Instant> signingTime,
    Optional<Instant> authenticSigningTime,
    Optional<Instant> expiry,
    List<X509Certificate> certificateChain,
    Optional<byte[]> timestampToken,
    Optional<String> signingAgent,
    Optional<String> verificationPlugin,
    Optional<String> verificationPluginMinVersion,
    Map<String, Object> extendedAttributes,
    List<String> criticalAttributes,
    byte[] signature) {

  public SignedEnvelope {
    Objects.requireNonNull(mediaType);
    payload = payload.clone();
    Objects.requireNonNull(payloadContentType);
    Objects.requireNonNull(signingScheme);
    Objects.requireNonNull(algorithm);
    certificateChain = List.copyOf(certificateChain);
    if (certificateChain.isEmpty()) {
      throw new IllegalArgumentException("an envelope has at least the signing certificate");
    }
    extendedAttributes = Map.copyOf(extendedAttributes);
    criticalAttributes = List.copyOf(criticalAttributes);
    signature = signature.clone();
  }

  /** The signing certificate. */
  public X509Certificate leaf() {
    return certificateChain.get(0);
  }

  /** The time the signer claims (authentic for signingAuthority, otherwise unauthenticated). */
  public Optional<Instant> claimedSigningTime() {
    return signingScheme == SigningScheme.X509_SIGNING_AUTHORITY
        ? authenticSigningTime
        : signingTime;
  }
}
