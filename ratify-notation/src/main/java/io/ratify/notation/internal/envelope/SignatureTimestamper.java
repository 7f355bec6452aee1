package io.ratify.notation.internal.envelope;

import io.ratify.api.RatifyException;
import java.util.Optional;

/**
 * Obtains an RFC 3161 countersignature over an envelope's raw signature bytes while the envelope is
 * written (notary-notes §5): the JWS signature before base64url, or the COSE signature bstr.
 */
@FunctionalInterface
public interface SignatureTimestamper {
  /** A timestamper that adds nothing. */
  SignatureTimestamper NONE = (signature, alg) -> Optional.empty();

  /**
   * The DER TimeStampToken over {@code signature}, if one is to be added.
   *
   * @param signature the raw signature bytes
   * @param alg the signature algorithm, whose hash the request uses
   * @return the token, or empty for none
   * @throws RatifyException when the timestamp cannot be obtained
   */
  Optional<byte[]> timestamp(byte[] signature, SignatureAlgorithm alg) throws RatifyException;
}
