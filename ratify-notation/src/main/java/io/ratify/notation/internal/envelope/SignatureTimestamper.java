package io.ratify.notation.internal.envelope;

import io.ratify.api.RatifyException;
import java.security.GeneralSecurityException;
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

  /** Writing an envelope with a given timestamper. */
  @FunctionalInterface
  interface Writing {
    /**
     * Writes the envelope.
     *
     * @param timestamper the timestamper to use
     * @return the envelope bytes
     * @throws GeneralSecurityException when signing fails
     * @throws RatifyException when the timestamper fails
     */
    byte[] with(SignatureTimestamper timestamper) throws GeneralSecurityException, RatifyException;
  }

  /**
   * Writes with {@link #NONE}, which never fails: the envelope writers' overloads without a
   * timestamper.
   *
   * @param writing the write to run
   * @return the envelope bytes
   * @throws GeneralSecurityException when signing fails
   */
  static byte[] untimestamped(Writing writing) throws GeneralSecurityException {
    try {
      return writing.with(NONE);
    } catch (RatifyException e) {
      throw new IllegalStateException("no timestamper was used", e);
    }
  }
}
