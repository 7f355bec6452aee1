package io.ratify.keyvault.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.security.keyvault.keys.models.JsonWebKey;
import com.azure.security.keyvault.keys.models.KeyCurveName;
import com.azure.security.keyvault.keys.models.KeyType;
import io.ratify.api.testing.TestPki;
import io.ratify.keyvault.testing.Jwks;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** JSON Web Keys to JCA public keys. */
class JwkKeysTest {
  private static final KeyPair EC = TestPki.ecKeyPair("secp256r1");
  private static final KeyPair RSA = TestPki.rsaKeyPair(2048);

  private static JsonWebKey ec(KeyType type, KeyCurveName curve, byte[] x, byte[] y) {
    return new JsonWebKey().setKeyType(type).setCurveName(curve).setX(x).setY(y);
  }

  private static byte[] x(ECPublicKey k) {
    return Jwks.fixed(k.getW().getAffineX(), 32);
  }

  private static byte[] y(ECPublicKey k) {
    return Jwks.fixed(k.getW().getAffineY(), 32);
  }

  @Test
  void ecAndEcHsmKeys() {
    ECPublicKey k = (ECPublicKey) EC.getPublic();
    assertEquals(k, JwkKeys.publicKey(ec(KeyType.EC, KeyCurveName.P_256, x(k), y(k))));
    assertEquals(k, JwkKeys.publicKey(ec(KeyType.EC_HSM, KeyCurveName.P_256, x(k), y(k))));
  }

  @Test
  void rsaAndRsaHsmKeys() {
    RSAPublicKey k = (RSAPublicKey) RSA.getPublic();
    JsonWebKey jwk =
        new JsonWebKey()
            .setKeyType(KeyType.RSA_HSM)
            .setN(k.getModulus().toByteArray())
            .setE(k.getPublicExponent().toByteArray());
    assertEquals(k, JwkKeys.publicKey(jwk));
    assertEquals(k, JwkKeys.publicKey(jwk.setKeyType(KeyType.RSA)));
  }

  @Test
  void rejectsKeysThatAreNotUsablePublicKeys() {
    ECPublicKey k = (ECPublicKey) EC.getPublic();
    byte[] offCurveY = y(k).clone();
    offCurveY[31] ^= 1;
    assertRejected(ec(KeyType.EC, KeyCurveName.P_256, x(k), offCurveY), "not on curve");
    assertRejected(ec(KeyType.EC, KeyCurveName.P_256K, x(k), y(k)), "not supported");
    assertRejected(ec(KeyType.EC, KeyCurveName.P_384, x(k), y(k)), "must be 48 bytes");
    assertRejected(ec(KeyType.EC, null, x(k), y(k)), "not supported");
    assertRejected(
        new JsonWebKey().setKeyType(KeyType.OCT).setK(new byte[32]), "has no public key");
    assertRejected(new JsonWebKey(), "no key type");
    assertRejected(new JsonWebKey().setKeyType(KeyType.RSA).setE(new byte[] {1, 0, 1}), "has no n");
    assertRejected(
        new JsonWebKey()
            .setKeyType(KeyType.RSA)
            .setN(new byte[] {(byte) 0xff, 1})
            .setE(new byte[] {1, 0, 1}),
        "modulus");
    RSAPublicKey r = (RSAPublicKey) RSA.getPublic();
    assertRejected(
        new JsonWebKey()
            .setKeyType(KeyType.RSA)
            .setN(r.getModulus().toByteArray())
            .setE(new byte[] {2}),
        "exponent");
  }

  @Test
  void rsaKeysOutsideKeyVaultSizesAreNotTrustMaterial() {
    // Key Vault holds RSA 2048, 3072 and 4096; a 512- or 1024-bit modulus can be factored or is
    // below every policy
    for (int bits : new int[] {512, 1024, 2040}) {
      RSAPublicKey small = (RSAPublicKey) TestPki.rsaKeyPair(bits).getPublic();
      assertRejected(
          new JsonWebKey()
              .setKeyType(KeyType.RSA)
              .setN(small.getModulus().toByteArray())
              .setE(small.getPublicExponent().toByteArray()),
          "modulus");
    }
    RSAPublicKey big = (RSAPublicKey) TestPki.rsaKeyPair(4096).getPublic();
    assertEquals(
        big,
        JwkKeys.publicKey(
            new JsonWebKey()
                .setKeyType(KeyType.RSA)
                .setN(big.getModulus().toByteArray())
                .setE(big.getPublicExponent().toByteArray())));
  }

  private static void assertRejected(JsonWebKey jwk, String why) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JwkKeys.publicKey(jwk));
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  @Property(tries = 300)
  void arbitraryEcCoordinatesGiveAKeyOnTheCurveOrTheTypedError(
      @ForAll @Size(min = 0, max = 40) byte[] x, @ForAll @Size(min = 0, max = 40) byte[] y) {
    try {
      PublicKey k = JwkKeys.publicKey(ec(KeyType.EC, KeyCurveName.P_256, x, y));
      assertEquals(new BigInteger(1, x), ((ECPublicKey) k).getW().getAffineX());
    } catch (IllegalArgumentException expected) {
      // the typed error is the only other outcome
    }
  }

  @Property(tries = 300)
  void flippedBitsOfAValidPointAreRejected(@ForAll("bitIndex") int bit) {
    ECPublicKey k = (ECPublicKey) EC.getPublic();
    byte[] y = y(k);
    y[bit / 8] ^= (byte) (1 << (bit % 8));
    assertThrows(
        IllegalArgumentException.class,
        () -> JwkKeys.publicKey(ec(KeyType.EC, KeyCurveName.P_256, x(k), y)));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<Integer> bitIndex() {
    return net.jqwik.api.Arbitraries.integers().between(0, 255);
  }

  @Property(tries = 200)
  void arbitraryRsaNumbersGiveAKeyOrTheTypedError(
      @ForAll @Size(max = 300) byte[] n, @ForAll @Size(max = 10) byte[] e) {
    try {
      RSAPublicKey k =
          (RSAPublicKey)
              JwkKeys.publicKey(new JsonWebKey().setKeyType(KeyType.RSA).setN(n).setE(e));
      assertEquals(new BigInteger(1, n), k.getModulus());
    } catch (IllegalArgumentException expected) {
      // the typed error is the only other outcome
    }
  }
}
