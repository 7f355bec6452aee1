package io.ratify.notation.internal.x509;

import io.ratify.notation.internal.envelope.SignatureAlgorithm;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Map;
import java.util.Optional;

/**
 * The key specs the Notary Project accepts and the one signature algorithm each implies
 * (notary-notes §1.2): RSA of exactly 2048, 3072 or 4096 bits, and the NIST curves P-256, P-384 and
 * P-521. The RSA size is the modulus length rounded up to whole bytes, as notation-core-go measures
 * it, so a 2047-bit modulus counts as 2048.
 */
public final class KeySpecs {
  private static final Map<Integer, SignatureAlgorithm> RSA =
      Map.of(
          2048,
          SignatureAlgorithm.PS256,
          3072,
          SignatureAlgorithm.PS384,
          4096,
          SignatureAlgorithm.PS512);
  private static final ECParameterSpec P256 = curve("secp256r1");
  private static final ECParameterSpec P384 = curve("secp384r1");
  private static final ECParameterSpec P521 = curve("secp521r1");

  private KeySpecs() {}

  /**
   * The signature algorithm for {@code key}, or a reason why the key is not acceptable (in
   * notation-core-go's words, without the subject prefix).
   */
  public static Result algorithmFor(PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      int bits = (rsa.getModulus().bitLength() + 7) / 8 * 8;
      SignatureAlgorithm alg = RSA.get(bits);
      return alg != null
          ? Result.ok(alg)
          : Result.bad("rsa key size " + bits + " bits is not supported");
    }
    if (key instanceof ECPublicKey ec) {
      ECParameterSpec p = ec.getParams();
      if (sameCurve(p, P256)) {
        return Result.ok(SignatureAlgorithm.ES256);
      }
      if (sameCurve(p, P384)) {
        return Result.ok(SignatureAlgorithm.ES384);
      }
      if (sameCurve(p, P521)) {
        return Result.ok(SignatureAlgorithm.ES512);
      }
      return Result.bad(
          "ecdsa key size " + p.getCurve().getField().getFieldSize() + " bits is not supported");
    }
    return Result.bad("unsupported public key type " + (key == null ? "none" : key.getAlgorithm()));
  }

  private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
    return a.getOrder().equals(b.getOrder())
        && a.getCofactor() == b.getCofactor()
        && a.getGenerator().equals(b.getGenerator())
        && a.getCurve().equals(b.getCurve());
  }

  private static ECParameterSpec curve(String name) {
    try {
      AlgorithmParameters ap = AlgorithmParameters.getInstance("EC");
      ap.init(new ECGenParameterSpec(name));
      return ap.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks the curve " + name, e);
    }
  }

  /** An algorithm or the reason there is none. */
  public record Result(Optional<SignatureAlgorithm> algorithm, String problem) {
    static Result ok(SignatureAlgorithm a) {
      return new Result(Optional.of(a), "");
    }

    static Result bad(String why) {
      return new Result(Optional.empty(), why);
    }
  }
}
