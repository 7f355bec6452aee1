package io.ratify.notation.internal.timestamp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.testing.DerMutations;
import io.ratify.api.testing.DerMutations.LengthForm;
import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import io.ratify.notation.testing.CertificateAuthority;
import io.ratify.notation.testing.CertificateProfile;
import io.ratify.notation.testing.IssuedCertificate;
import io.ratify.notation.testing.KeySpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

/**
 * Issue 8 for timestamp tokens: a certificate carried in an RFC 3161 token is checked as strict DER
 * on its exact bytes in the token. BouncyCastle's and the JDK's parsers re-encode what they read,
 * so checking their output let a long-form length or non-zero unused bits through. Each case
 * re-encodes one certificate inside a real token from the test TSA (the token is otherwise
 * unchanged, enclosing lengths fixed up) and must fail with the authentic-timestamp failure — never
 * verify, never throw anything else.
 */
class ReEncodedTokenCertificatesTest {
  static final byte[] DATA = "raw signature bytes".getBytes(StandardCharsets.US_ASCII);
  static final CertificateAuthority ROOT =
      CertificateAuthority.root("CN=Token Root,O=Acme,ST=WA,C=US", KeySpec.EC_P256);
  static final IssuedCertificate TSA_CERT =
      ROOT.intermediate("CN=Token TSA CA,O=Acme,ST=WA,C=US", KeySpec.EC_P256)
          .issue(
              CertificateProfile.timestampingLeaf("CN=Token TSA,O=Acme,ST=WA,C=US"),
              KeySpec.RSA_2048);

  /** A DER token over {@link #DATA} carrying TSA certificate, intermediate and root. */
  static final byte[] TOKEN = token();

  static byte[] token() {
    try (TestTsa tsa = new TestTsa(TSA_CERT.privateKey(), TSA_CERT.chain())) {
      byte[] token =
          tsa.token(
              NISTObjectIdentifiers.id_sha256, MessageDigest.getInstance("SHA-256").digest(DATA));
      return ASN1Primitive.fromByteArray(token).getEncoded("DER");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static VerifiedTimestamp verify(byte[] token) throws VerificationFailure {
    return TimestampTokens.verify(token, DATA, List.of(ROOT.certificate()));
  }

  /** How one certificate is re-encoded. */
  enum Mutation {
    LONG_FORM_LENGTH,
    ZERO_PADDED_LENGTH,
    INDEFINITE_LENGTH,
    UNUSED_BITS,
    TRAILING_ELEMENT_INSIDE,
    TRAILING_BYTES_AFTER
  }

  static byte[] mutate(byte[] cert, Mutation m, int pick) {
    return switch (m) {
      case LONG_FORM_LENGTH ->
          DerMutations.reEncode(cert, DerMutations.ReEncoding.LONG_FORM_LENGTH, pick);
      case ZERO_PADDED_LENGTH ->
          DerMutations.reEncode(cert, DerMutations.ReEncoding.ZERO_PADDED_LENGTH, pick);
      case INDEFINITE_LENGTH ->
          DerMutations.reEncode(cert, DerMutations.ReEncoding.INDEFINITE_LENGTH, pick);
      case UNUSED_BITS -> DerMutations.reEncode(cert, DerMutations.ReEncoding.UNUSED_BITS, pick);
      case TRAILING_ELEMENT_INSIDE -> TokenSplice.appendInside(cert, new byte[] {0x05, 0x00});
      case TRAILING_BYTES_AFTER -> concat(cert, new byte[] {0x05, 0x00});
    };
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void theTokenAsMadeVerifies() throws Exception {
    VerifiedTimestamp ts = verify(TOKEN);
    assertEquals(TSA_CERT.chain(), ts.tsaChain());
    // the BER token BouncyCastle writes (indefinite lengths) verifies too: CMS allows BER, and
    // tspclient-go accepts it; only the certificates inside must be DER
    byte[] ber = DerMutations.withLength(TOKEN, 0, LengthForm.INDEFINITE);
    assertEquals(TSA_CERT.chain(), verify(ber).tsaChain());
  }

  /**
   * The defect as found: the parsers hand back the DER of a re-encoded certificate, so a check on
   * their output cannot see it. Only a check on the token's bytes does.
   */
  @Test
  void parsersHideTheReEncodingSoTheCheckMustSeeTheTokensBytes() throws Exception {
    byte[] leaf = TSA_CERT.certificate().getEncoded();
    byte[] longForm =
        DerMutations.withLength(leaf, DerMutations.elementCount(leaf) - 1, LengthForm.LONGER);
    assertArrayEquals(leaf, new X509CertificateHolder(longForm).getEncoded());
    byte[] token = TokenSplice.replace(TOKEN, leaf, longForm);
    VerificationFailure f = assertThrows(VerificationFailure.class, () -> verify(token));
    assertEquals(Check.AUTHENTIC_TIMESTAMP, f.check());
    // "certificate <n>": its position in the token's (DER-sorted) certificate set
    assertTrue(
        f.reason()
            .matches(
                "certificate [0-2] in the timestamp token is not a strict DER certificate: not DER:"
                    + " long-form length for a short length"),
        f.reason());

    byte[] unusedBits = DerMutations.withUnusedBits(leaf, DerMutations.signatureBitString(leaf), 1);
    VerificationFailure g =
        assertThrows(
            VerificationFailure.class, () -> verify(TokenSplice.replace(TOKEN, leaf, unusedBits)));
    assertTrue(
        g.reason().contains(" in the timestamp token is not a strict DER certificate:"),
        g.reason());
    assertTrue(g.reason().contains("BIT STRING"), g.reason());
  }

  @Test
  void anEntryThatIsNotACertificateIsRefused() throws Exception {
    byte[] leaf = TSA_CERT.certificate().getEncoded();
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class,
            () -> verify(TokenSplice.replace(TOKEN, leaf, concat(leaf, new byte[] {0x05, 0x00}))));
    assertEquals(
        "the timestamp token's certificate set holds entries that are not certificates",
        f.reason());
  }

  /**
   * Any certificate of the token (TSA certificate, intermediate, root), any element, any of the
   * re-encodings: a typed authentic-timestamp failure that names the certificate set, in a DER or a
   * BER token.
   */
  @Property(tries = 200)
  void aReEncodedCarriedCertificateNeverVerifies(
      @ForAll @IntRange(min = 0, max = 2) int which,
      @ForAll Mutation mutation,
      @ForAll @IntRange(min = 0, max = 10_000) int pick,
      @ForAll boolean berWrapper)
      throws Exception {
    byte[] original = TSA_CERT.chain().get(which).getEncoded();
    byte[] reEncoded = mutate(original, mutation, pick);
    assertFalse(Arrays.equals(original, reEncoded), "the mutation must change the bytes");
    byte[] token = TokenSplice.replace(TOKEN, original, reEncoded);
    if (berWrapper) {
      // not DerMutations here: it would re-encode (and so repair) the certificate inside
      token = TokenSplice.indefiniteOuter(token);
    }
    VerificationFailure f;
    try {
      verify(token);
      throw new AssertionError(mutation + " of certificate " + which + " verified");
    } catch (VerificationFailure e) {
      f = e;
    }
    assertEquals(Check.AUTHENTIC_TIMESTAMP, f.check());
    String expected =
        mutation == Mutation.TRAILING_BYTES_AFTER
            ? "the timestamp token's certificate set holds entries that are not certificates"
            : "in the timestamp token is not a strict DER certificate: ";
    assertTrue(f.reason().contains(expected), f.reason());
  }

  /** Sanity for the mutations themselves: the JDK alone still reads most of them. */
  @Test
  void theJdkAloneAcceptsTheLongFormReEncoding() throws Exception {
    byte[] leaf = TSA_CERT.certificate().getEncoded();
    byte[] longForm = DerMutations.withLength(leaf, 1, LengthForm.LONGER);
    X509Certificate c =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(longForm));
    assertEquals(TSA_CERT.certificate().getSubjectX500Principal(), c.getSubjectX500Principal());
  }

  /** Byte surgery on a DER tree: replace one element, re-encode the enclosing lengths. */
  static final class TokenSplice {
    private TokenSplice() {}

    /** {@code der} with the (unique) occurrence of element {@code old} replaced by {@code with}. */
    static byte[] replace(byte[] der, byte[] old, byte[] with) {
      int at = indexOf(der, old);
      if (at < 0 || indexOf(Arrays.copyOfRange(der, at + 1, der.length), old) >= 0) {
        throw new IllegalArgumentException("the element does not occur exactly once");
      }
      return rebuild(der, 0, at, at + old.length, with);
    }

    /** One DER element re-framed with an indefinite length, its contents untouched. */
    static byte[] indefiniteOuter(byte[] der) {
      int[] h = header(der, 0);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(der[0]);
      out.write(0x80);
      out.write(der, h[1], h[2]);
      out.write(0);
      out.write(0);
      return out.toByteArray();
    }

    /** One DER element with {@code extra} appended to its contents. */
    static byte[] appendInside(byte[] der, byte[] extra) {
      int[] h = header(der, 0);
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      content.write(der, h[1], h[2]);
      content.writeBytes(extra);
      return tlv(der[0], content.toByteArray());
    }

    private static byte[] rebuild(byte[] b, int offset, int start, int end, byte[] with) {
      int[] h = header(b, offset);
      int contentEnd = h[1] + h[2];
      if (offset == start && contentEnd == end) {
        return with;
      }
      if (start < h[1] || end > contentEnd) {
        return Arrays.copyOfRange(b, offset, contentEnd);
      }
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      int at = h[1];
      while (at < contentEnd) {
        int[] child = header(b, at);
        content.writeBytes(rebuild(b, at, start, end, with));
        at = child[1] + child[2];
      }
      return tlv(b[offset], content.toByteArray());
    }

    /** {tag, content offset, content length} of the definite-length element at {@code at}. */
    private static int[] header(byte[] b, int at) {
      int first = b[at + 1] & 0xff;
      if (first < 0x80) {
        return new int[] {b[at] & 0xff, at + 2, first};
      }
      int n = first & 0x7f;
      int len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (b[at + 2 + i] & 0xff);
      }
      return new int[] {b[at] & 0xff, at + 2 + n, len};
    }

    private static byte[] tlv(byte tag, byte[] content) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(tag);
      int n = content.length;
      if (n < 0x80) {
        out.write(n);
      } else {
        int octets = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
        out.write(0x80 | octets);
        for (int i = octets - 1; i >= 0; i--) {
          out.write((n >>> (8 * i)) & 0xff);
        }
      }
      out.writeBytes(content);
      return out.toByteArray();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
      outer:
      for (int i = 0; i + needle.length <= hay.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (hay[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
