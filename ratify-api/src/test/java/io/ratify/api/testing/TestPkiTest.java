package io.ratify.api.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.internal.parse.Der;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The certificate features the Notary Project profiles need, read back through the JDK's own X.509
 * parser (an independent decoder of what {@link TestPki} writes).
 */
class TestPkiTest {
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String KEY_USAGE = "2.5.29.15";
  private static final String EXTENDED_KEY_USAGE = "2.5.29.37";

  @Test
  void theDefaultsAreUnchanged() throws Exception {
    X509Certificate leaf = TestPki.certificate("CN=leaf").issue().certificate();
    assertEquals(-1, leaf.getBasicConstraints());
    assertTrue(leaf.getCriticalExtensionOIDs().containsAll(List.of(BASIC_CONSTRAINTS, KEY_USAGE)));
    assertTrue(leaf.getKeyUsage()[TestPki.DIGITAL_SIGNATURE]);
    assertNull(leaf.getExtendedKeyUsage());
    assertNull(leaf.getExtensionValue("2.5.29.14"), "no key identifiers unless asked for");
    X509Certificate ca = TestPki.certificate("CN=ca").ca().issue().certificate();
    assertEquals(Integer.MAX_VALUE, ca.getBasicConstraints());
    assertTrue(ca.getKeyUsage()[TestPki.KEY_CERT_SIGN]);
    assertTrue(ca.getKeyUsage()[TestPki.CRL_SIGN]);
  }

  @Test
  void basicConstraintsWithPathLengthAndCriticality() {
    X509Certificate c =
        TestPki.certificate("CN=ca")
            .basicConstraints(true, OptionalInt.of(2), false)
            .issue()
            .certificate();
    assertEquals(2, c.getBasicConstraints());
    assertTrue(c.getNonCriticalExtensionOIDs().contains(BASIC_CONSTRAINTS));
    X509Certificate zero =
        TestPki.certificate("CN=ca0")
            .basicConstraints(true, OptionalInt.of(0), true)
            .issue()
            .certificate();
    assertEquals(0, zero.getBasicConstraints());
    assertTrue(zero.getCriticalExtensionOIDs().contains(BASIC_CONSTRAINTS));
  }

  @Test
  void extensionsCanBeLeftOut() {
    X509Certificate c =
        TestPki.certificate("CN=bare").noBasicConstraints().noKeyUsage().issue().certificate();
    assertNull(c.getExtensionValue(BASIC_CONSTRAINTS));
    assertNull(c.getKeyUsage());
    assertNull(c.getCriticalExtensionOIDs());
  }

  @Test
  void keyUsageBitsUpToDecipherOnlyAndCriticality() {
    X509Certificate c =
        TestPki.certificate("CN=ku").keyUsage(1, 8).keyUsageCritical(false).issue().certificate();
    boolean[] ku = c.getKeyUsage();
    assertEquals(9, ku.length);
    for (int bit = 0; bit < ku.length; bit++) {
      assertEquals(bit == 1 || bit == 8, ku[bit], "bit " + bit);
    }
    assertTrue(c.getNonCriticalExtensionOIDs().contains(KEY_USAGE));
    assertThrows(IllegalArgumentException.class, () -> TestPki.certificate("CN=x").keyUsage(9));
  }

  @Test
  void extendedKeyUsageCriticality() throws Exception {
    X509Certificate c =
        TestPki.certificate("CN=tsa")
            .extendedKeyUsage(TestPki.TIME_STAMPING)
            .extendedKeyUsageCritical(true)
            .issue()
            .certificate();
    assertEquals(List.of(TestPki.TIME_STAMPING), c.getExtendedKeyUsage());
    assertTrue(c.getCriticalExtensionOIDs().contains(EXTENDED_KEY_USAGE));
  }

  @Test
  void ocspAndCrlLocations() {
    X509Certificate c =
        TestPki.certificate("CN=revocable")
            .ocspUrl("http://127.0.0.1:1/ocsp")
            .crlUrl("http://127.0.0.1:1/a.crl")
            .crlUrl("http://127.0.0.1:1/b.crl")
            .issue()
            .certificate();
    // the JDK decodes both extensions; one it cannot parse would print as "Unparseable"
    String text = c.toString();
    assertFalse(text.contains("Unparseable"), text);
    for (String decoded :
        List.of(
            "AuthorityInfoAccess",
            "accessMethod: ocsp",
            "URIName: http://127.0.0.1:1/ocsp",
            "CRLDistributionPoints",
            "URIName: http://127.0.0.1:1/a.crl",
            "URIName: http://127.0.0.1:1/b.crl")) {
      assertTrue(text.contains(decoded), text);
    }
  }

  @Test
  void keyIdentifiersAreTheSha1OfTheKeyBitsAndLinkIssuerToSubject() throws Exception {
    TestPki.Issued root = TestPki.certificate("CN=root").ca().keyIdentifiers().issue();
    TestPki.Issued leaf = TestPki.certificate("CN=leaf").issuer(root).keyIdentifiers().issue();
    byte[] rootSki = lastBytes(root.certificate().getExtensionValue("2.5.29.14"), 20);
    // a P-256 SubjectPublicKeyInfo ends with its 65-byte uncompressed point
    byte[] key = root.certificate().getPublicKey().getEncoded();
    assertArrayEquals(
        MessageDigest.getInstance("SHA-1")
            .digest(Arrays.copyOfRange(key, key.length - 65, key.length)),
        rootSki);
    assertNull(root.certificate().getExtensionValue("2.5.29.35"), "self-signed: no AKI");
    assertArrayEquals(rootSki, lastBytes(leaf.certificate().getExtensionValue("2.5.29.35"), 20));
    assertFalse(
        Arrays.equals(rootSki, lastBytes(leaf.certificate().getExtensionValue("2.5.29.14"), 20)));
  }

  @Test
  void signatureAlgorithmByName() throws Exception {
    TestPki.Issued rsa =
        TestPki.certificate("CN=rsa").keyPair(TestPki.rsaKeyPair(2048)).ca().issue();
    X509Certificate sha1 =
        TestPki.certificate("CN=sha1")
            .issuer(rsa)
            .signatureAlgorithm("SHA1withRSA")
            .issue()
            .certificate();
    assertEquals("SHA1withRSA", sha1.getSigAlgName());
    sha1.verify(rsa.certificate().getPublicKey());
    X509Certificate ec =
        TestPki.certificate("CN=ec").signatureAlgorithm("SHA384withECDSA").issue().certificate();
    assertEquals("SHA384withECDSA", ec.getSigAlgName());
    ec.verify(ec.getPublicKey());
    assertThrows(
        IllegalArgumentException.class,
        () -> TestPki.certificate("CN=x").signatureAlgorithm("MD2withRSA"));
  }

  @Test
  void theDefaultSignatureAlgorithmMatchesTheSigningKey() {
    assertEquals(
        "SHA256withRSA",
        TestPki.certificate("CN=2048")
            .keyPair(TestPki.rsaKeyPair(2048))
            .issue()
            .certificate()
            .getSigAlgName());
    assertEquals(
        "SHA384withRSA",
        TestPki.certificate("CN=3072")
            .keyPair(TestPki.rsaKeyPair(3072))
            .issue()
            .certificate()
            .getSigAlgName());
    assertEquals(
        "SHA384withECDSA",
        TestPki.certificate("CN=p384")
            .keyPair(TestPki.ecKeyPair("secp384r1"))
            .issue()
            .certificate()
            .getSigAlgName());
    assertEquals(
        "SHA512withECDSA",
        TestPki.certificate("CN=p521")
            .keyPair(TestPki.ecKeyPair("secp521r1"))
            .issue()
            .certificate()
            .getSigAlgName());
  }

  @Test
  void validityOutsideUtcTimeUsesGeneralizedTime() throws Exception {
    Instant from = Instant.parse("1949-12-31T23:59:59Z");
    Instant until = Instant.parse("2050-01-01T00:00:00Z");
    X509Certificate c = TestPki.certificate("CN=long").validity(from, until).issue().certificate();
    assertEquals(from, c.getNotBefore().toInstant());
    assertEquals(until, c.getNotAfter().toInstant());
    // and the encoding is strict DER (GeneralizedTime for both)
    assertEquals(c, Der.certificate(c.getEncoded()));
  }

  private static byte[] lastBytes(byte[] b, int n) {
    return Arrays.copyOfRange(b, b.length - n, b.length);
  }
}
