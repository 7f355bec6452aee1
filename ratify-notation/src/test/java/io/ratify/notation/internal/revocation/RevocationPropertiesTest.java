package io.ratify.notation.internal.revocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Deadline;
import io.ratify.api.RatifyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Mutated OCSP responses and CRLs (bit flips, truncation, insertions, deletions, overwrites) never
 * yield "good" and never make the checker throw anything but its typed outcome. The originals say
 * "good" (OCSP) and "revoked" (CRL), so a mutation that slipped through would be visible.
 */
class RevocationPropertiesTest {
  @SuppressWarnings("TimeInStaticInitializer") // one instant dates every certificate of a run
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  static final String CRL_URL = "http://127.0.0.1:1/leaf.crl";
  static final RevocationPki PKI =
      new RevocationPki(List.of(), List.of(), List.of("http://127.0.0.1:1/ocsp"), List.of(CRL_URL));
  static final X509Certificate LEAF = PKI.leaf.certificate();
  static final X509Certificate ISSUER = PKI.intermediate.certificate();
  static final CertificateID ID;
  static final byte[] GOOD_OCSP;
  static final byte[] DELEGATED_OCSP;
  static final byte[] REVOKED_CRL;
  static final RevocationOptions OFFLINE = RevocationOptions.defaults().withOffline(true);
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final OcspClient OCSP;
  static final HttpFetcher HTTP = new HttpFetcher(OFFLINE);

  static {
    try {
      ID =
          new CertificateID(
              new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
              new JcaX509CertificateHolder(ISSUER),
              LEAF.getSerialNumber());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    GOOD_OCSP = RevocationPki.ocsp(ID, RevocationPki.Status.GOOD, PKI.intermediate, NOW);
    var responder = RevocationPki.responder(PKI.intermediate, true);
    DELEGATED_OCSP =
        RevocationPki.ocsp(
            ID,
            RevocationPki.Status.GOOD,
            responder.certificate(),
            responder.privateKey(),
            List.of(responder.certificate()),
            NOW.minusSeconds(60),
            Optional.of(NOW.plusSeconds(3600)),
            Optional.empty());
    REVOKED_CRL =
        RevocationPki.crl(
            PKI.intermediate, NOW, List.of(RevocationPki.Revoked.of(LEAF, NOW.minusSeconds(5))));
    OCSP = new OcspClient(HTTP, OFFLINE, CLOCK);
  }

  @Provide
  Arbitrary<byte[]> goodOcsp() {
    return mutations(GOOD_OCSP);
  }

  @Provide
  Arbitrary<byte[]> delegatedOcsp() {
    return mutations(DELEGATED_OCSP);
  }

  @Provide
  Arbitrary<byte[]> revokedCrl() {
    return mutations(REVOKED_CRL);
  }

  /** One mutation of {@code original}, never the original itself. */
  static Arbitrary<byte[]> mutations(byte[] original) {
    Arbitrary<Integer> pos = Arbitraries.integers().between(0, original.length - 1);
    Arbitrary<Integer> bit = Arbitraries.integers().between(0, 7);
    Arbitrary<Byte> value = Arbitraries.bytes();
    Arbitrary<byte[]> flip =
        Combinators.combine(pos, bit)
            .as(
                (p, b) -> {
                  byte[] m = original.clone();
                  m[p] ^= (byte) (1 << b);
                  return m;
                });
    Arbitrary<byte[]> overwrite =
        Combinators.combine(pos, value)
            .as(
                (p, v) -> {
                  byte[] m = original.clone();
                  m[p] = v == original[p] ? (byte) (v + 1) : v;
                  return m;
                });
    Arbitrary<byte[]> truncate = pos.map(p -> Arrays.copyOf(original, p));
    Arbitrary<byte[]> delete =
        pos.map(
            p -> {
              byte[] m = new byte[original.length - 1];
              System.arraycopy(original, 0, m, 0, p);
              System.arraycopy(original, p + 1, m, p, original.length - p - 1);
              return m;
            });
    Arbitrary<byte[]> insert =
        Combinators.combine(pos, value)
            .as(
                (p, v) -> {
                  byte[] m = new byte[original.length + 1];
                  System.arraycopy(original, 0, m, 0, p);
                  m[p] = v;
                  System.arraycopy(original, p, m, p + 1, original.length - p);
                  return m;
                });
    return Arbitraries.oneOf(flip, overwrite, truncate, delete, insert);
  }

  @Property(tries = 300)
  void mutatedOcspResponsesAreNeverGood(@ForAll("goodOcsp") byte[] mutated) {
    assertNotGood(mutated);
  }

  @Property(tries = 200)
  void mutatedDelegatedOcspResponsesAreNeverGood(@ForAll("delegatedOcsp") byte[] mutated) {
    assertNotGood(mutated);
  }

  @Example
  void aResponderCertificateWithABerBooleanIsNeverGood() {
    // found by mutatedDelegatedOcspResponsesAreNeverGood: the responder certificate's critical flag
    // of its extended key usage written FE instead of FF, which BER reads as TRUE as well
    byte[] eku = {0x06, 0x03, 0x55, 0x1d, 0x25, 0x01, 0x01, (byte) 0xff};
    int at = indexOf(DELEGATED_OCSP, eku);
    assertTrue(at >= 0, "the delegated response carries a responder certificate");
    byte[] mutated = DELEGATED_OCSP.clone();
    mutated[at + eku.length - 1] = (byte) 0xfe;
    assertNotGood(mutated);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static void assertNotGood(byte[] mutated) {
    try {
      OcspClient.Answer a = OCSP.verify(mutated, ID, LEAF, ISSUER, NOW);
      assertNotEquals(RevocationStatus.GOOD, a.status());
    } catch (StatusUnknownException expected) {
      // the typed outcome: unknown
    }
  }

  @Property(tries = 200)
  void mutatedCachedCrlsAreNeverGood(@ForAll("revokedCrl") byte[] mutated)
      throws IOException, RatifyException {
    Path dir = Files.createTempDirectory("crl-prop");
    try {
      RevocationOptions o = OFFLINE.withCrlCacheDirectory(dir);
      Files.write(dir.resolve(CrlCache.fileName(CRL_URL)), mutated);
      CrlClient client = new CrlClient(HTTP, o, CLOCK, new CrlCache(o));
      RevocationStatus s;
      try {
        s =
            client.check(
                LEAF,
                ISSUER,
                List.of(CRL_URL),
                Optional.empty(),
                Deadline.after(Duration.ofSeconds(10)));
      } catch (StatusUnknownException expected) {
        s = RevocationStatus.UNKNOWN;
      }
      assertNotEquals(RevocationStatus.GOOD, s);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }

  @Property(tries = 1)
  void theOriginalsSayWhatTheMutationsMustNot() throws Exception {
    assertEquals(RevocationStatus.GOOD, OCSP.verify(GOOD_OCSP, ID, LEAF, ISSUER, NOW).status());
    assertEquals(
        RevocationStatus.GOOD, OCSP.verify(DELEGATED_OCSP, ID, LEAF, ISSUER, NOW).status());
    ParsedCrl crl = ParsedCrl.parse(REVOKED_CRL);
    crl.verifyIssuedBy(ISSUER);
    crl.requireCurrent(NOW);
    assertEquals(1, crl.entries(LEAF.getSerialNumber()).size());
  }
}
