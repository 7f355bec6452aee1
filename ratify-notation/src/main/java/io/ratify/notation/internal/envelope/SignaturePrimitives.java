package io.ratify.notation.internal.envelope;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * The raw signature operations of the six Notary Project algorithms with the JDK providers:
 * RSASSA-PSS with MGF1 of the same hash and salt length equal to the hash length, and ECDSA with
 * IEEE P1363 ({@code r||s}) encoding.
 */
public final class SignaturePrimitives {
  private SignaturePrimitives() {}

  /** A JCA {@link Signature} configured for {@code alg}, not yet initialised with a key. */
  public static Signature newSignature(SignatureAlgorithm alg) throws GeneralSecurityException {
    if (alg.isRsaPss()) {
      Signature s = Signature.getInstance("RSASSA-PSS");
      s.setParameter(
          new PSSParameterSpec(
              alg.jcaHash(), "MGF1", new MGF1ParameterSpec(alg.jcaHash()), alg.hashLength(), 1));
      return s;
    }
    return Signature.getInstance(alg.jcaHash().replace("-", "") + "withECDSAinP1363Format");
  }

  /** Signs {@code data}. */
  public static byte[] sign(PrivateKey key, SignatureAlgorithm alg, byte[] data)
      throws GeneralSecurityException {
    Signature s = newSignature(alg);
    s.initSign(key);
    s.update(data);
    return s.sign();
  }

  /**
   * Whether {@code signature} is valid over {@code data}. ECDSA signatures must have exactly the
   * P1363 length of the curve; provider exceptions on malformed signatures count as "not valid".
   */
  public static boolean verify(
      PublicKey key, SignatureAlgorithm alg, byte[] data, byte[] signature) {
    if (!alg.isRsaPss() && signature.length != 2 * ecCoordinateLength(alg)) {
      return false;
    }
    try {
      Signature s = newSignature(alg);
      s.initVerify(key);
      s.update(data);
      return s.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static int ecCoordinateLength(SignatureAlgorithm alg) {
    switch (alg) {
      case ES256:
        return 32;
      case ES384:
        return 48;
      default:
        return 66;
    }
  }
}
