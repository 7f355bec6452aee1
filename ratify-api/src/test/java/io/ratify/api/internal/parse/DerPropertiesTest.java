package io.ratify.api.internal.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ratify.api.testing.DerMutations;
import io.ratify.api.testing.DerMutations.LengthForm;
import io.ratify.api.testing.TestPki;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The strict DER reader never accepts a second encoding of a certificate, and never fails with
 * anything but {@link MalformedException}.
 */
class DerPropertiesTest {
  private static final List<X509Certificate> CERTIFICATES =
      List.of(
          TestPki.chain("prop").leaf().certificate(),
          TestPki.certificate("CN=rsa,O=Ratify")
              .keyPair(TestPki.rsaKeyPair(2048))
              .ca()
              .issue()
              .certificate(),
          TestPki.tlsServer().certificate());

  @Provide
  Arbitrary<byte[]> certificates() {
    return Arbitraries.of(CERTIFICATES)
        .map(
            c -> {
              try {
                return c.getEncoded();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
  }

  @Property(tries = 300)
  void anyReEncodedLengthIsRefused(
      @ForAll("certificates") byte[] der,
      @ForAll @IntRange(min = 0, max = 10_000) int pick,
      @ForAll LengthForm form) {
    int index = pick % DerMutations.elementCount(der);
    if (form == LengthForm.INDEFINITE && !DerMutations.isConstructed(der, index)) {
      form = LengthForm.LONGER;
    }
    byte[] bad = DerMutations.withLength(der, index, form);
    assertThrows(MalformedException.class, () -> Der.certificate(bad));
  }

  @Property(tries = 100)
  void anyNonZeroUnusedBitsInTheSignatureIsRefused(
      @ForAll("certificates") byte[] der, @ForAll @IntRange(min = 1, max = 255) int unused) {
    byte[] bad = DerMutations.withUnusedBits(der, DerMutations.signatureBitString(der), unused);
    assertThrows(MalformedException.class, () -> Der.certificate(bad));
  }

  @Property(tries = 1000)
  void mutationsAreRefusedOrAreAnotherCertificateEncodedExactly(
      @ForAll("certificates") byte[] der,
      @ForAll @IntRange(min = 0, max = 100_000) int at,
      @ForAll @IntRange(min = 1, max = 255) int xor,
      @ForAll @IntRange(min = -2, max = 2) int resize) {
    byte[] mutated = Arrays.copyOf(der, Math.max(0, der.length + resize));
    if (mutated.length > 0) {
      mutated[at % mutated.length] ^= (byte) xor;
    }
    X509Certificate original = parse(der);
    X509Certificate c;
    try {
      c = Der.certificate(mutated);
    } catch (MalformedException e) {
      return;
    }
    try {
      assertArrayEquals(mutated, c.getEncoded());
      boolean sameContent =
          Arrays.equals(c.getTBSCertificate(), original.getTBSCertificate())
              && Arrays.equals(c.getSignature(), original.getSignature())
              && c.getSigAlgName().equals(original.getSigAlgName());
      assertFalse(sameContent, "a second encoding of the same certificate was accepted");
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new AssertionError(e);
    }
  }

  @Property(tries = 500)
  void arbitraryBytesFailTyped(@ForAll byte[] noise) {
    try {
      Der.certificate(noise);
    } catch (MalformedException expected) {
      // the only failure allowed
    }
    try {
      Der.concatenated(noise, 4);
    } catch (MalformedException expected) {
      // the only failure allowed
    }
  }

  private static X509Certificate parse(byte[] der) {
    try {
      return Der.certificate(der);
    } catch (MalformedException e) {
      throw new AssertionError(e);
    }
  }
}
