package io.ratify.api.internal.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.testing.DerMutations;
import io.ratify.api.testing.DerMutations.LengthForm;
import io.ratify.api.testing.DerWriter;
import io.ratify.api.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DerTest {
  private static final TestPki.Chain CHAIN = TestPki.chain("der-test");

  private static byte[] leaf() throws Exception {
    return CHAIN.leaf().certificate().getEncoded();
  }

  @Test
  void readsAStrictCertificate() throws Exception {
    byte[] der = leaf();
    X509Certificate c = Der.certificate(der);
    assertArrayEquals(der, c.getEncoded());
    assertEquals(CHAIN.leaf().certificate(), c);
  }

  @Test
  void readsRsaAndP384Certificates() throws Exception {
    for (var kp : List.of(TestPki.rsaKeyPair(2048), TestPki.ecKeyPair("secp384r1"))) {
      byte[] der = TestPki.certificate("CN=k").keyPair(kp).issue().certificate().getEncoded();
      assertArrayEquals(der, Der.certificate(der).getEncoded());
    }
  }

  @Test
  void refusesALongFormSignatureLength() throws Exception {
    byte[] der = leaf();
    int count = DerMutations.elementCount(der);
    // the signature BIT STRING is the last element of the certificate
    byte[] bad = DerMutations.withLength(der, count - 1, LengthForm.LONGER);
    MalformedException e = assertThrows(MalformedException.class, () -> Der.certificate(bad));
    assertTrue(e.getMessage().contains("long-form length"), e.getMessage());
  }

  @Test
  void refusesNonZeroUnusedBitsInTheSignature() throws Exception {
    byte[] der = leaf();
    for (int unused = 1; unused <= 7; unused++) {
      byte[] bad = DerMutations.withUnusedBits(der, DerMutations.signatureBitString(der), unused);
      assertThrows(MalformedException.class, () -> Der.certificate(bad), "unused " + unused);
    }
  }

  @Test
  void refusesNonZeroUnusedBitsInTheSubjectPublicKey() throws Exception {
    byte[] der = leaf();
    // BIT STRINGs in order: subjectPublicKey, keyUsage (inside an extension value), signature
    byte[] bad = DerMutations.withUnusedBits(der, 0, 0);
    assertArrayEquals(der, bad);
    assertThrows(
        MalformedException.class, () -> Der.certificate(DerMutations.withUnusedBits(der, 0, 1)));
  }

  @Test
  void refusesEveryNonMinimalLengthAnywhere() throws Exception {
    byte[] der = leaf();
    int count = DerMutations.elementCount(der);
    for (int i = 0; i < count; i++) {
      for (LengthForm form : LengthForm.values()) {
        if (form == LengthForm.INDEFINITE && !DerMutations.isConstructed(der, i)) {
          continue;
        }
        byte[] bad = DerMutations.withLength(der, i, form);
        assertThrows(
            MalformedException.class, () -> Der.certificate(bad), "element " + i + " " + form);
      }
    }
  }

  @Test
  void refusesTrailingBytesPemAndNonCertificates() throws Exception {
    byte[] der = leaf();
    byte[] trailing = Arrays.copyOf(der, der.length + 1);
    assertThrows(MalformedException.class, () -> Der.certificate(trailing));
    byte[] twice = DerWriter.concat(der, der);
    assertThrows(MalformedException.class, () -> Der.certificate(twice));
    byte[] pem = CHAIN.leaf().pem().getBytes(StandardCharsets.US_ASCII);
    assertThrows(MalformedException.class, () -> Der.certificate(pem));
    assertThrows(MalformedException.class, () -> Der.certificate(new byte[0]));
    assertThrows(
        MalformedException.class, () -> Der.certificate(DerWriter.sequence(DerWriter.nul())));
    assertThrows(
        MalformedException.class, () -> Der.certificate(Arrays.copyOf(der, der.length - 1)));
  }

  @Test
  void refusesDeepNestingBeforeTheJdkSeesIt() {
    byte[] deep = DerWriter.nul();
    for (int i = 0; i < 200; i++) {
      deep = DerWriter.sequence(deep);
    }
    byte[] input = deep;
    MalformedException e = assertThrows(MalformedException.class, () -> Der.certificate(input));
    assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
  }

  @Test
  void refusesOversizedCertificates() {
    byte[] big = DerWriter.sequence(DerWriter.octets(new byte[Der.MAX_CERTIFICATE_BYTES]));
    assertThrows(MalformedException.class, () -> Der.certificate(big));
  }

  @Test
  void checksPrimitiveEncodings() {
    // non-minimal INTEGER, bad BOOLEAN, NULL with content, non-minimal OID, constructed string
    byte[][] bad = {
      {0x02, 0x02, 0x00, 0x01},
      {0x02, 0x02, (byte) 0xff, (byte) 0x80},
      {0x02, 0x00},
      {0x01, 0x01, 0x01},
      {0x05, 0x01, 0x00},
      {0x06, 0x02, (byte) 0x80, 0x01},
      {0x24, 0x03, 0x04, 0x01, 0x00},
      {0x03, 0x02, 0x01, 0x01},
      {0x17, 0x01, 'Z'},
      {0x00, 0x00},
      {0x1f, 0x01, 0x00},
    };
    for (byte[] b : bad) {
      assertThrows(MalformedException.class, () -> Der.checkElement(b), Arrays.toString(b));
    }
    byte[][] good = {
      {0x02, 0x01, 0x00},
      {0x02, 0x02, 0x00, (byte) 0x80},
      {0x01, 0x01, (byte) 0xff},
      {0x05, 0x00},
      {0x03, 0x02, 0x01, 0x02},
    };
    for (byte[] b : good) {
      org.junit.jupiter.api.Assertions.assertDoesNotThrow(
          () -> Der.checkElement(b), Arrays.toString(b));
    }
  }

  @Test
  void readsChainsAndConcatenations() throws Exception {
    List<byte[]> ders = new java.util.ArrayList<>();
    for (X509Certificate c : CHAIN.certificates()) {
      ders.add(c.getEncoded());
    }
    assertEquals(CHAIN.certificates(), Der.chain(ders, 10));
    assertThrows(MalformedException.class, () -> Der.chain(ders, 2));
    byte[] all = DerWriter.concat(ders.toArray(new byte[0][]));
    assertEquals(CHAIN.certificates(), Der.concatenated(all, 10));
    assertThrows(MalformedException.class, () -> Der.concatenated(all, 2));
    assertThrows(MalformedException.class, () -> Der.concatenated(new byte[0], 10));
    List<byte[]> withBad = List.of(ders.get(0), Arrays.copyOf(ders.get(1), ders.get(1).length + 1));
    MalformedException e = assertThrows(MalformedException.class, () -> Der.chain(withBad, 10));
    assertTrue(e.getMessage().startsWith("certificate 1 of the chain"), e.getMessage());
  }
}
