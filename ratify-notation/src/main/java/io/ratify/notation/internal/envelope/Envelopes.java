package io.ratify.notation.internal.envelope;

import io.ratify.api.MediaTypes;
import io.ratify.api.internal.parse.Printable;
import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import io.ratify.notation.internal.x509.ValidatedChains;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The integrity check of a Notary Project signature envelope (notary-notes §1, §3.4 step 1):
 * structure, every header rule, size bounds, the code-signing certificate-chain rules, the
 * algorithm implied by the leaf key, and the signature itself.
 *
 * <p>Guarantee: for any media type and any bytes, {@link #parseAndVerify} either returns a {@link
 * SignedEnvelope} whose signature verified with its own leaf certificate, or throws {@link
 * VerificationFailure} with {@link Check#INTEGRITY} — never another exception. It does not decide
 * whether the signer is trusted, whether certificates are within their validity period, or whether
 * the payload matches an artifact.
 *
 * <p>RSASSA-PSS signatures must use salt length = hash length in both formats, as the specification
 * says and as notation signs. (notation-go's JWS path, through golang-jwt, accepts any salt length;
 * every upstream vector uses the hash length.)
 */
public final class Envelopes {
  /** The largest envelope {@link #parseAndVerify} accepts; callers should not fetch more. */
  public static final int MAX_ENVELOPE_BYTES = Limits.MAX_ENVELOPE_BYTES;

  private Envelopes() {}

  /**
   * Parses and verifies an envelope.
   *
   * @param mediaType {@code application/jose+json} or {@code application/cose} (the signature
   *     manifest's layer type)
   * @param envelope the envelope bytes
   * @return the verified envelope
   * @throws VerificationFailure with {@link Check#INTEGRITY} for any defect
   */
  public static SignedEnvelope parseAndVerify(String mediaType, byte[] envelope)
      throws VerificationFailure {
    try {
      DecodedEnvelope d = decode(mediaType, envelope);
      ValidatedChains.Entry chain = ValidatedChains.codeSigning(d.certificates(), Check.INTEGRITY);
      if (chain.algorithm() != d.headers().algorithm()) {
        throw HeaderRules.fail(
            "mismatch between signature algorithm derived from signing certificate ("
                + chain.algorithm().jwsName()
                + ") and signing algorithm specified ("
                + d.headers().algorithm().jwsName()
                + ")");
      }
      X509Certificate leaf = chain.chain().get(0);
      if (!SignaturePrimitives.verify(
          leaf.getPublicKey(), chain.algorithm(), d.signingInput(), d.signature())) {
        throw HeaderRules.fail(
            "signature is invalid: the "
                + chain.algorithm().jwsName()
                + " signature does not verify with the signing certificate's key");
      }
      ProtectedHeaders h = d.headers();
      return new SignedEnvelope(
          d.mediaType(),
          d.payload(),
          h.contentType(),
          d.scheme(),
          h.algorithm(),
          h.signingTime(),
          h.authenticSigningTime(),
          h.expiry(),
          chain.chain(),
          d.timestampToken(),
          d.signingAgent(),
          h.verificationPlugin(),
          h.verificationPluginMinVersion(),
          h.extendedAttributes(),
          h.critical(),
          d.signature());
    } catch (VerificationFailure f) {
      throw f;
    } catch (RuntimeException e) {
      // Defence in depth: a parser bug on hostile input must still be a typed integrity failure.
      throw new VerificationFailure(
          Check.INTEGRITY,
          "malformed signature envelope: unexpected " + e.getClass().getSimpleName(),
          e);
    }
  }

  /**
   * Reads the certificate chain, signing scheme and claimed signing time of an envelope
   * <strong>without verifying anything cryptographic</strong> or the chain rules; for building
   * signature manifests and for display only.
   *
   * @throws VerificationFailure with {@link Check#INTEGRITY} when the envelope is malformed
   */
  public static Unverified inspect(String mediaType, byte[] envelope) throws VerificationFailure {
    try {
      DecodedEnvelope d = decode(mediaType, envelope);
      List<X509Certificate> chain = ValidatedChains.parse(d.certificates(), Check.INTEGRITY);
      Instant t =
          d.scheme() == SigningScheme.X509
              ? d.headers().signingTime().orElseThrow()
              : d.headers().authenticSigningTime().orElseThrow();
      return new Unverified(chain, d.scheme(), t);
    } catch (VerificationFailure f) {
      throw f;
    } catch (RuntimeException e) {
      throw new VerificationFailure(
          Check.INTEGRITY,
          "malformed signature envelope: unexpected " + e.getClass().getSimpleName(),
          e);
    }
  }

  /**
   * What {@link #inspect} reads.
   *
   * @param chain the certificates, leaf first
   * @param scheme the signing scheme
   * @param signingTime the signing time or authentic signing time
   */
  public record Unverified(List<X509Certificate> chain, SigningScheme scheme, Instant signingTime) {
    public Unverified {
      chain = List.copyOf(chain);
      Objects.requireNonNull(scheme);
      Objects.requireNonNull(signingTime);
    }
  }

  private static DecodedEnvelope decode(String mediaType, byte[] envelope)
      throws VerificationFailure {
    if (mediaType == null || envelope == null) {
      throw HeaderRules.fail("signature envelope or its media type is missing");
    }
    if (envelope.length > Limits.MAX_ENVELOPE_BYTES) {
      throw HeaderRules.fail(
          "signature envelope is "
              + envelope.length
              + " bytes, more than the "
              + Limits.MAX_ENVELOPE_BYTES
              + " allowed");
    }
    switch (mediaType) {
      case MediaTypes.JWS_ENVELOPE:
        return JwsDecoder.decode(envelope);
      case MediaTypes.COSE_ENVELOPE:
        return CoseDecoder.decode(envelope);
      default:
        throw HeaderRules.fail(
            "signature envelope format with media type \""
                + Printable.of(mediaType)
                + "\" is not supported");
    }
  }
}
