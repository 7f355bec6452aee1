package io.ratify.notation.internal.truststore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ratify.api.testing.DerMutations;
import io.ratify.api.testing.TestPki;
import io.ratify.api.testing.junit.SharedFolders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CertificateFilesTest {
  @Test
  void concatenatedDerAndMultiBlockPem() throws Exception {
    byte[] der =
        Files.readAllBytes(
            SharedFolders.vectors(
                "notation-go/verifier/testdata/truststore/x509/ca/valid-trust-store/GlobalSign.der"));
    byte[] two = new byte[der.length * 2];
    System.arraycopy(der, 0, two, 0, der.length);
    System.arraycopy(der, 0, two, der.length, der.length);
    assertEquals(2, CertificateFiles.parse(two).size());
    byte[] pem =
        Files.readAllBytes(
            SharedFolders.vectors(
                "notation-go/verifier/testdata/truststore/x509/ca/trust-store-with-leaf-certs-in-single-file/RootAndLeafCerts.crt"));
    assertEquals(2, CertificateFiles.parse(pem).size());
  }

  @Test
  void nonCertificateBlocksAndTrailingBytesFail() throws Exception {
    byte[] der =
        Files.readAllBytes(
            SharedFolders.vectors(
                "notation-go/verifier/testdata/truststore/x509/ca/valid-trust-store/GlobalSign.der"));
    byte[] trailing = java.util.Arrays.copyOf(der, der.length + 1);
    assertThrows(CertificateException.class, () -> CertificateFiles.parse(trailing));
    String key =
        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIE==\n-----END PRIVATE KEY-----\n";
    assertThrows(
        CertificateException.class,
        () -> CertificateFiles.parse(key.getBytes(StandardCharsets.US_ASCII)));
    assertThrows(CertificateException.class, () -> CertificateFiles.parse(new byte[0]));
  }

  /** Issue 8: a trust store certificate re-encoded in BER is refused, as DER and inside PEM. */
  @Test
  void reEncodedCertificatesAreRefused() throws Exception {
    byte[] der =
        Files.readAllBytes(
            SharedFolders.vectors(
                "notation-go/verifier/testdata/truststore/x509/ca/valid-trust-store/GlobalSign.der"));
    int count = DerMutations.elementCount(der);
    for (int i = 0; i < count; i += 3) {
      byte[] bad = DerMutations.withLength(der, i, DerMutations.LengthForm.LEADING_ZERO);
      assertThrows(CertificateException.class, () -> CertificateFiles.parse(bad), "element " + i);
      byte[] pem = TestPki.pemBlock("CERTIFICATE", bad).getBytes(StandardCharsets.US_ASCII);
      assertThrows(CertificateException.class, () -> CertificateFiles.parse(pem), "element " + i);
    }
    byte[] bits = DerMutations.withUnusedBits(der, DerMutations.signatureBitString(der), 4);
    assertThrows(CertificateException.class, () -> CertificateFiles.parse(bits));
  }

  @Property(tries = 300)
  void randomBytesNeverThrowAnythingElse(@ForAll byte[] data) {
    try {
      CertificateFiles.parse(data);
    } catch (CertificateException expected) {
      // the only acceptable failure
    }
  }

  /**
   * 10,000 nested indefinite-length SEQUENCEs (20 KB): the JDK's BER block reader recurses once per
   * level and throws {@link StackOverflowError}, not {@link CertificateException}.
   */
  static byte[] nestedIndefiniteLengths() {
    byte[] out = new byte[20_000];
    for (int i = 0; i < out.length; i += 2) {
      out[i] = 0x30;
      out[i + 1] = (byte) 0x80;
    }
    return out;
  }

  @Test
  void inputThatBreaksTheJdkParserIsTheTypedFailure() throws Exception {
    byte[] deep = nestedIndefiniteLengths();
    assertThrows(CertificateException.class, () -> CertificateFiles.parse(deep));
    String pem =
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder().encodeToString(deep)
            + "\n-----END CERTIFICATE-----\n";
    assertThrows(
        CertificateException.class,
        () -> CertificateFiles.parse(pem.getBytes(StandardCharsets.US_ASCII)));
    byte[] der =
        Files.readAllBytes(
            SharedFolders.vectors(
                "notation-go/verifier/testdata/truststore/x509/ca/valid-trust-store/GlobalSign.der"));
    byte[] afterAGoodOne = java.util.Arrays.copyOf(der, der.length + deep.length);
    System.arraycopy(deep, 0, afterAGoodOne, der.length, deep.length);
    assertThrows(CertificateException.class, () -> CertificateFiles.parse(afterAGoodOne));
  }
}
