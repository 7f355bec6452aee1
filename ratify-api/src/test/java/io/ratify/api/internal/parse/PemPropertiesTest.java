package io.ratify.api.internal.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.ratify.api.testing.TestPki;
import java.security.cert.X509Certificate;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/**
 * Mutated PEM either fails with {@link MalformedException} or yields certificates whose encodings
 * are exactly the bytes the text holds; nothing else escapes.
 */
class PemPropertiesTest {
  private static final TestPki.Chain CHAIN = TestPki.chain("pem-prop");
  private static final String TEXT = TestPki.keyVaultPem(CHAIN);

  @Property(tries = 1000)
  void mutatedTextFailsTypedOrReadsExactly(
      @ForAll @IntRange(min = 0, max = 100_000) int at,
      @ForAll @CharRange(from = 0, to = 127) char replacement,
      @ForAll @IntRange(min = 0, max = 2) int mode) {
    int i = at % TEXT.length();
    String mutated =
        switch (mode) {
          case 0 -> TEXT.substring(0, i) + replacement + TEXT.substring(i + 1);
          case 1 -> TEXT.substring(0, i) + replacement + TEXT.substring(i);
          default -> TEXT.substring(0, i) + TEXT.substring(i + 1);
        };
    List<X509Certificate> certs;
    try {
      certs = Pem.certificates(mutated, Pem.Rules.DEFAULT, false);
    } catch (MalformedException e) {
      return;
    }
    // accepted: either the change was outside the certificate blocks, or it is a different
    // certificate encoded exactly as the text says
    for (X509Certificate c : certs) {
      try {
        assertArrayEquals(c.getEncoded(), Der.certificate(c.getEncoded()).getEncoded());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    char original = TEXT.charAt(i);
    boolean changedCertificateBase64 =
        mode == 0 && replacement != original && isBase64(original) && insideCertificateBody(i);
    if (changedCertificateBase64) {
      assertNotEquals(CHAIN.certificates(), certs, "a changed certificate read as the original");
    }
  }

  private static boolean isBase64(char c) {
    return Character.isLetterOrDigit(c) || c == '+' || c == '/';
  }

  private static boolean insideCertificateBody(int i) {
    int begin = TEXT.lastIndexOf("-----BEGIN ", i);
    int end = TEXT.indexOf("-----END ", i);
    int previousEnd = TEXT.lastIndexOf("-----END ", i);
    return begin >= 0
        && begin > previousEnd
        && end > 0
        && TEXT.startsWith("-----BEGIN CERTIFICATE-----", begin)
        && i >= begin + "-----BEGIN CERTIFICATE-----".length();
  }

  @Property(tries = 500)
  void arbitraryTextFailsTyped(@ForAll @StringLength(max = 400) String noise) {
    try {
      Pem.certificates("-----BEGIN CERTIFICATE-----\n" + noise, Pem.Rules.DEFAULT, false);
      Pem.certificates(noise, Pem.Rules.DEFAULT, true);
    } catch (MalformedException expected) {
      // the only failure allowed
    }
  }
}
