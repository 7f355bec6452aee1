package io.ratify.notation.internal.x509;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import io.ratify.notation.testing.CertificateAuthority;
import io.ratify.notation.testing.CertificateProfile;
import io.ratify.notation.testing.IssuedCertificate;
import io.ratify.notation.testing.KeySpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The validated-chain cache: exact-bytes hits only, and bounded in entries and in retained bytes.
 */
class ValidatedChainsTest {
  @AfterEach
  void forget() {
    ValidatedChains.clear();
  }

  /**
   * A self-signed code-signing certificate of about {@code kib} KiB (padded with CRL distribution
   * point URIs).
   */
  static IssuedCertificate bulky(int i, int kib) {
    List<String> urls = new ArrayList<>();
    for (int k = 0; k < kib; k++) {
      urls.add("http://127.0.0.1:9/" + "x".repeat(1000) + "/" + k + ".crl");
    }
    return CertificateAuthority.selfSigned(
        CertificateProfile.codeSigningLeaf("CN=bulky " + i + ",O=Acme,ST=WA,C=US").toBuilder()
            .crlUrls(urls)
            .build(),
        KeySpec.EC_P256);
  }

  static List<byte[]> ders(IssuedCertificate c) throws Exception {
    return List.of(c.certificate().getEncoded());
  }

  @Test
  void onlyTheSameBytesHit() throws Exception {
    IssuedCertificate a = bulky(0, 0);
    ValidatedChains.Entry first = ValidatedChains.codeSigning(ders(a), Check.INTEGRITY);
    assertSame(first, ValidatedChains.codeSigning(ders(a), Check.INTEGRITY));
    byte[] changed = a.certificate().getEncoded();
    changed[changed.length - 1] ^= 1; // the certificate's own signature
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class,
            () -> ValidatedChains.codeSigning(List.of(changed), Check.INTEGRITY));
    assertEquals(Check.INTEGRITY, f.check());
  }

  @Test
  void retainedBytesAreBounded() throws Exception {
    long total = 0;
    for (int i = 0; i < 90; i++) {
      List<byte[]> chain = ders(bulky(i, 60));
      total += chain.get(0).length;
      ValidatedChains.codeSigning(chain, Check.INTEGRITY);
      assertTrue(
          ValidatedChains.retainedBytes() <= ValidatedChains.MAX_RETAINED_BYTES,
          () -> "cache retains " + ValidatedChains.retainedBytes() + " bytes");
    }
    assertTrue(
        total > ValidatedChains.MAX_RETAINED_BYTES + (1 << 20),
        "the test must overflow the budget");
    assertTrue(
        ValidatedChains.size() > 0 && ValidatedChains.size() < 90,
        () -> "size " + ValidatedChains.size());
    // the most recent chain is still remembered
    IssuedCertificate last = bulky(1000, 1);
    ValidatedChains.Entry e = ValidatedChains.codeSigning(ders(last), Check.INTEGRITY);
    assertSame(e, ValidatedChains.codeSigning(ders(last), Check.INTEGRITY));
  }

  /**
   * Nested indefinite lengths overflow the JDK parser's stack; an envelope's x5c must fail as a
   * typed failure.
   */
  @Test
  void nestedIndefiniteLengthsAreATypedFailureNotAStackOverflow() {
    byte[] der = new byte[40_000];
    for (int i = 0; i < der.length; i += 2) {
      der[i] = 0x30;
      der[i + 1] = (byte) 0x80;
    }
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class, () -> ValidatedChains.parse(List.of(der), Check.INTEGRITY));
    assertEquals(Check.INTEGRITY, f.check());
    assertTrue(f.reason().contains("indefinite length"), f.reason());
  }
}
