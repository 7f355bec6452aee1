package io.ratify.keyvault.testing;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON Web Key members of public keys, as Key Vault returns them. */
public final class Jwks {
  private Jwks() {}

  /**
   * The JWK of {@code key}; {@code kty} may be {@code RSA-HSM} or {@code EC-HSM}, {@code crv} is
   * the JOSE name.
   */
  public static Map<String, Object> of(PublicKey key, String kty) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kty", kty);
    if (key instanceof RSAPublicKey rsa) {
      m.put("n", b64(unsigned(rsa.getModulus())));
      m.put("e", b64(unsigned(rsa.getPublicExponent())));
    } else if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      int size = (bits + 7) / 8;
      m.put(
          "crv",
          switch (bits) {
            case 256 -> "P-256";
            case 384 -> "P-384";
            default -> "P-521";
          });
      m.put("x", b64(fixed(ec.getW().getAffineX(), size)));
      m.put("y", b64(fixed(ec.getW().getAffineY(), size)));
    } else {
      throw new IllegalArgumentException(key.getAlgorithm());
    }
    return m;
  }

  public static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] unsigned(BigInteger n) {
    byte[] b = n.toByteArray();
    return b[0] == 0 && b.length > 1 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }

  public static byte[] fixed(BigInteger n, int size) {
    byte[] u = unsigned(n);
    byte[] out = new byte[size];
    System.arraycopy(u, 0, out, size - u.length, u.length);
    return out;
  }
}
