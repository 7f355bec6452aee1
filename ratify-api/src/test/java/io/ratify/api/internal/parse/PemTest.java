package io.ratify.api.internal.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.testing.DerMutations;
import io.ratify.api.testing.TestPki;
import java.util.List;
import org.junit.jupiter.api.Test;

class PemTest {
  private static final TestPki.Chain CHAIN = TestPki.chain("pem-test");
  private static final Pem.Rules RULES = Pem.Rules.DEFAULT;

  @Test
  void readsCertificatesAndSkipsOtherLabelsUndecoded() throws Exception {
    String text = "subject=CN=x\n" + TestPki.keyVaultPem(CHAIN) + "\n";
    assertEquals(CHAIN.certificates(), Pem.certificates(text, RULES, false));
    List<Pem.Block> blocks = Pem.blocks(text, RULES.decoding(Pem.CERTIFICATE::equals));
    assertEquals("PRIVATE KEY", blocks.get(0).label());
    assertFalse(blocks.get(0).decoded());
    assertEquals(0, blocks.get(0).content().length);
    assertTrue(blocks.get(1).decoded());
  }

  @Test
  void textBetweenBlocksIsIgnoredButNotAfterTheLast() throws Exception {
    String a = CHAIN.leaf().pem();
    String b = CHAIN.root().pem();
    assertEquals(2, Pem.certificates("# leaf\n" + a + "# root\n" + b, RULES, false).size());
    String trailing = a + "junk\n";
    MalformedException e =
        assertThrows(MalformedException.class, () -> Pem.certificates(trailing, RULES, false));
    assertTrue(e.getMessage().contains("after the last PEM block"), e.getMessage());
    assertEquals(1, Pem.certificates(trailing, RULES.allowingTextAfterLastBlock(), false).size());
  }

  @Test
  void refusesBrokenArmourAndBase64() {
    String pem = CHAIN.leaf().pem();
    String[] bad = {
      pem.replace("-----END CERTIFICATE-----", ""),
      pem.replace("-----END CERTIFICATE-----", "-----END X509 CRL-----"),
      pem.replaceFirst("\n", "\n*"),
      pem.replaceFirst("\n([A-Za-z0-9+/]{4})", "\n$1="),
      // one base64 character fewer: the length is no longer a multiple of four, with or
      // without padding (a fresh certificate's length decides whether it has any)
      pem.replaceFirst(".\n-----END", "\n-----END"),
      "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
      pem.replaceFirst(
          "(?s)-----BEGIN CERTIFICATE-----\n.*\n-----END",
          "-----BEGIN CERTIFICATE-----\nAAAA\n-----END"),
    };
    for (String s : bad) {
      assertThrows(MalformedException.class, () -> Pem.certificates(s, RULES, false), s);
    }
  }

  @Test
  void refusesNonCanonicalBase64PadBits() throws Exception {
    // "AB==" and "AA==" decode to the same byte only when pad bits are ignored
    String text = "-----BEGIN X-----\nAB==\n-----END X-----\n";
    assertThrows(MalformedException.class, () -> Pem.blocks(text, RULES));
    assertEquals(1, Pem.blocks(text.replace("AB==", "AA=="), RULES).size());
  }

  @Test
  void everyBlockMustBeACertificateWhenAsked() throws Exception {
    String text = CHAIN.leaf().pem() + TestPki.pemBlock("PRIVATE KEY", new byte[] {1, 2});
    assertEquals(1, Pem.certificates(text, RULES, false).size());
    assertThrows(MalformedException.class, () -> Pem.certificates(text, RULES, true));
    String relabelled = CHAIN.leaf().pem().replace("CERTIFICATE", "TRUSTED CERTIFICATE");
    assertEquals(1, Pem.certificates(relabelled, RULES, true).size());
  }

  @Test
  void boundsBlocksAndText() throws Exception {
    String one = CHAIN.leaf().pem();
    String many = one.repeat(3);
    assertThrows(MalformedException.class, () -> Pem.certificates(many, RULES.maxBlocks(2), false));
    String huge = " ".repeat(Pem.MAX_TEXT_CHARS + 1);
    assertThrows(MalformedException.class, () -> Pem.blocks(huge, RULES));
  }

  @Test
  void certificatesInsidePemAreStrictDer() throws Exception {
    byte[] der = CHAIN.leaf().certificate().getEncoded();
    byte[] reencoded = DerMutations.withUnusedBits(der, DerMutations.signatureBitString(der), 3);
    String text = TestPki.pemBlock("CERTIFICATE", reencoded);
    MalformedException e =
        assertThrows(MalformedException.class, () -> Pem.certificates(text, RULES, false));
    assertTrue(e.getMessage().startsWith("PEM block 1 ('CERTIFICATE')"), e.getMessage());
  }

  @Test
  void noBlockIsAnEmptyList() throws Exception {
    assertTrue(Pem.certificates("just text", RULES, false).isEmpty());
    assertFalse(Pem.looksLikePem("just text"));
  }
}
