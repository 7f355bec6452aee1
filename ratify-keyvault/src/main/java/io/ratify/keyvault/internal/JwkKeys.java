package io.ratify.keyvault.internal;

import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyType;
import io.ratify.api.internal.parse.Printable;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.RSAPublicKeySpec;
import java.util.Map;

/**
 * Turns the JSON Web Key of a Key Vault key into a JCA public key. {@code RSA-HSM} and {@code
 * EC-HSM} are read as {@code RSA} and {@code EC} (the public half is the same), as Ratify does.
 * Curves P-256, P-384 and P-521 are supported (P-256K is not: the JDK no longer ships it, and
 * Ratify's JOSE library rejects it too). Coordinates must have the curve's length and the point
 * must lie on the curve; RSA moduli must have 2048 to 4096 bits (Key Vault's sizes; Ratify itself
 * accepts any size); private parameters are ignored.
 */
final class JwkKeys {
  private static final Map<String, String> CURVES =
      Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");

  /**
   * Key Vault's RSA sizes are 2048, 3072 and 4096 bits, and so are the ones cosign accepts; a
   * shorter modulus (512 bits is factorable) must never become trust material.
   */
  private static final int MIN_RSA_BITS = 2048;

  private static final int MAX_RSA_BITS = 4096;

  private JwkKeys() {}

  /**
   * The public key of {@code jwk}.
   *
   * @throws IllegalArgumentException with a reason that quotes no key material
   */
  static PublicKey publicKey(JsonWebKey jwk) {
    if (jwk == null || jwk.getKeyType() == null) {
      throw new IllegalArgumentException("the key has no key type (kty)");
    }
    KeyType kty = jwk.getKeyType();
    if (kty.equals(KeyType.RSA) || kty.equals(KeyType.RSA_HSM)) {
      return rsa(jwk);
    }
    if (kty.equals(KeyType.EC) || kty.equals(KeyType.EC_HSM)) {
      return ec(jwk);
    }
    throw new IllegalArgumentException(
        "key type '" + Printable.of(kty.toString()) + "' has no public key; use an RSA or EC key");
  }

  private static PublicKey rsa(JsonWebKey jwk) {
    BigInteger n = positive(jwk.getN(), "n");
    BigInteger e = positive(jwk.getE(), "e");
    if (n.bitLength() < MIN_RSA_BITS || n.bitLength() > MAX_RSA_BITS || !n.testBit(0)) {
      throw new IllegalArgumentException(
          "the RSA modulus (n) is not an odd number of "
              + MIN_RSA_BITS
              + " to "
              + MAX_RSA_BITS
              + " bits");
    }
    if (e.compareTo(BigInteger.ONE) <= 0 || !e.testBit(0) || e.bitLength() > 64) {
      throw new IllegalArgumentException("the RSA exponent (e) is not an odd number above 1");
    }
    try {
      return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    } catch (GeneralSecurityException ex) {
      throw new IllegalArgumentException("the RSA key is not accepted by the JDK");
    }
  }

  private static PublicKey ec(JsonWebKey jwk) {
    KeyCurveName crv = jwk.getCurveName();
    String stdName = crv == null ? null : CURVES.get(crv.toString());
    if (stdName == null) {
      throw new IllegalArgumentException(
          "curve '"
              + (crv == null ? "" : Printable.of(crv.toString()))
              + "' is not supported; use P-256, P-384 or P-521");
    }
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec(stdName));
      ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
      EllipticCurve curve = spec.getCurve();
      BigInteger p = ((ECFieldFp) curve.getField()).getP();
      int size = (p.bitLength() + 7) / 8;
      BigInteger x = coordinate(jwk.getX(), "x", size);
      BigInteger y = coordinate(jwk.getY(), "y", size);
      if (x.compareTo(p) >= 0
          || y.compareTo(p) >= 0
          || !y.multiply(y)
              .subtract(x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()))
              .mod(p)
              .equals(BigInteger.ZERO)) {
        throw new IllegalArgumentException("the EC point is not on curve " + crv);
      }
      return KeyFactory.getInstance("EC")
          .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
    } catch (GeneralSecurityException ex) {
      throw new IllegalArgumentException("the EC key on " + crv + " is not accepted by the JDK");
    }
  }

  private static BigInteger coordinate(byte[] bytes, String name, int size) {
    if (bytes == null || bytes.length != size) {
      throw new IllegalArgumentException("EC coordinate " + name + " must be " + size + " bytes");
    }
    return new BigInteger(1, bytes);
  }

  private static BigInteger positive(byte[] bytes, String name) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("the RSA key has no " + name);
    }
    if (bytes.length > MAX_RSA_BITS / 8 + 1) {
      throw new IllegalArgumentException("the RSA " + name + " is too long");
    }
    return new BigInteger(1, bytes);
  }
}
