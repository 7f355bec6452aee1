package io.ratify.keyvault.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.testing.TestPki;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Certificate chains out of PEM and PKCS12 secret values; private keys skipped unread. */
class SecretContentTest {
  private static final TestPki.Chain CHAIN = TestPki.chain("content");
  private static final String PEM = TestPki.keyVaultPem(CHAIN);
  private static final String PKCS12 = TestPki.keyVaultPkcs12(CHAIN);

  @Test
  void pemYieldsEveryCertificateInOrderAndSkipsTheKey() throws Exception {
    SecretContent.Chain c = SecretContent.certificates(SecretContent.PEM, PEM);
    assertEquals(CHAIN.certificates(), c.chain());
    assertEquals(List.of("PRIVATE KEY"), c.skipped());
  }

  @Test
  void otherBlockTypesAreSkippedToo() throws Exception {
    String text =
        "leading text is ignored\n"
            + TestPki.pemBlock("EC PRIVATE KEY", new byte[] {1, 2, 3})
            + TestPki.pem(List.of(CHAIN.leaf().certificate()))
            + "\n\n";
    SecretContent.Chain c = SecretContent.certificates(SecretContent.PEM, text);
    assertEquals(List.of(CHAIN.leaf().certificate()), c.chain());
    assertEquals(List.of("EC PRIVATE KEY"), c.skipped());
  }

  @Test
  void pkcs12YieldsTheChainLeafFirst() throws Exception {
    SecretContent.Chain c = SecretContent.certificates(SecretContent.PKCS12, PKCS12);
    assertEquals(CHAIN.certificates(), c.chain());
    assertEquals(List.of("private key entry"), c.skipped());
  }

  @Test
  void pkcs12WithAPasswordIsRejected() throws Exception {
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(
        "k",
        CHAIN.leaf().keyPair().getPrivate(),
        "secret".toCharArray(),
        new X509Certificate[] {CHAIN.leaf().certificate()});
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    ks.store(out, "secret".toCharArray());
    String value = Base64.getEncoder().encodeToString(out.toByteArray());

    SecretContent.Invalid e =
        assertThrows(
            SecretContent.Invalid.class,
            () -> SecretContent.certificates(SecretContent.PKCS12, value));
    assertTrue(e.getMessage().contains("empty password"), e.getMessage());
  }

  @Test
  void rejectsWhatIsNotAChain() {
    assertInvalid(SecretContent.PEM, "", "holds no certificate");
    assertInvalid(SecretContent.PEM, "hello", "no PEM block found");
    assertInvalid(
        SecretContent.PEM, TestPki.pemBlock("PRIVATE KEY", new byte[] {1}), "holds no certificate");
    assertInvalid(SecretContent.PEM, PEM + "trailing", "after the last PEM block");
    assertInvalid(SecretContent.PEM, "-----BEGIN CERTIFICATE-----\nAAAA\n", "has no END line");
    assertInvalid(
        SecretContent.PEM,
        TestPki.pemBlock("CERTIFICATE", new byte[] {48, 3, 1, 1, 1}),
        "a CERTIFICATE block: not DER: BOOLEAN");
    assertInvalid(
        SecretContent.PEM,
        "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
        "not valid base64");
    assertInvalid(SecretContent.PKCS12, "not base64!", "not valid base64");
    assertInvalid(
        SecretContent.PKCS12,
        Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}),
        "could not be opened");
    assertInvalid("application/json", PEM, "unsupported secret content type 'application/json'");
    assertInvalid(SecretContent.PEM, "x".repeat(SecretContent.MAX_VALUE_CHARS + 1), "longer than");
  }

  @Test
  void messagesNeverQuoteTheSecret() {
    String keyText =
        Base64.getEncoder().encodeToString(CHAIN.leaf().keyPair().getPrivate().getEncoded());
    SecretContent.Invalid e =
        assertThrows(
            SecretContent.Invalid.class,
            () ->
                SecretContent.certificates(
                    "text/plain",
                    TestPki.pemBlock(
                        "PRIVATE KEY", CHAIN.leaf().keyPair().getPrivate().getEncoded())));
    assertFalse(e.getMessage().contains(keyText.substring(0, 20)));
  }

  @Test
  void nestedIndefiniteLengthsAreTheTypedErrorNotAStackOverflow() {
    byte[] der = new byte[40_000];
    for (int i = 0; i < der.length; i += 2) {
      der[i] = 0x30;
      der[i + 1] = (byte) 0x80;
    }
    assertInvalid(
        SecretContent.PEM,
        TestPki.pemBlock("CERTIFICATE", der),
        "a CERTIFICATE block: not DER: indefinite length");
  }

  private static void assertInvalid(String type, String value, String why) {
    SecretContent.Invalid e =
        assertThrows(SecretContent.Invalid.class, () -> SecretContent.certificates(type, value));
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  @Property(tries = 300)
  void mutatedPemYieldsCertificatesOrTheTypedError(@ForAll("mutatedPem") String value) {
    try {
      SecretContent.Chain c = SecretContent.certificates(SecretContent.PEM, value);
      assertFalse(c.chain().isEmpty());
    } catch (SecretContent.Invalid expected) {
      // the typed error is the only other outcome
    }
  }

  @Property(tries = 150)
  void mutatedPkcs12YieldsCertificatesOrTheTypedError(@ForAll("mutatedPkcs12") String value) {
    try {
      SecretContent.Chain c = SecretContent.certificates(SecretContent.PKCS12, value);
      assertFalse(c.chain().isEmpty());
    } catch (SecretContent.Invalid expected) {
      // the typed error is the only other outcome
    }
  }

  @Provide
  Arbitrary<String> mutatedPem() {
    return mutations(PEM);
  }

  @Provide
  Arbitrary<String> mutatedPkcs12() {
    return mutations(PKCS12);
  }

  /** Overwrites, deletes or inserts characters, or truncates. */
  private static Arbitrary<String> mutations(String original) {
    Arbitrary<Integer> at = Arbitraries.integers().between(0, original.length() - 1);
    Arbitrary<Character> ch =
        Arbitraries.chars().with("-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789+/= \n\u0000");
    return Arbitraries.oneOf(
        net.jqwik.api.Combinators.combine(at, ch)
            .as((i, c) -> original.substring(0, i) + c + original.substring(i + 1)),
        net.jqwik.api.Combinators.combine(at, ch)
            .as((i, c) -> original.substring(0, i) + c + original.substring(i)),
        at.map(i -> original.substring(0, i) + original.substring(i + 1)),
        at.map(i -> original.substring(0, i)),
        Arbitraries.integers()
            .between(0, original.length() - 1)
            .list()
            .ofMinSize(2)
            .ofMaxSize(8)
            .map(
                list -> {
                  StringBuilder b = new StringBuilder(original);
                  for (int i : list) {
                    b.setCharAt(i, (char) ('A' + (i % 26)));
                  }
                  return b.toString();
                }));
  }
}
