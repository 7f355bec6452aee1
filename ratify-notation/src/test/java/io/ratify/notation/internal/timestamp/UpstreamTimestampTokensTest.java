package io.ratify.notation.internal.timestamp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Deadline;
import io.ratify.api.testing.junit.SharedFolders;
import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import io.ratify.notation.internal.truststore.CertificateFiles;
import io.ratify.notation.internal.x509.Subjects;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The upstream RFC 3161 tokens (tspclient-go, notation-core-go) against their roots. */
class UpstreamTimestampTokensTest {
  static final String GLOBALSIGN_TOKEN = "tspclient-go/testdata/TimeStampToken.p7s";
  static final String GLOBALSIGN_R3 = "tspclient-go/testdata/GlobalSignRootCA.crt";
  static final String INVALID_SIGNATURE_TOKEN =
      "notation-core-go/internal/timestamp/testdata/TimeStampTokenWithInvalidSignature.p7s";
  static final String DIGICERT_ROOT =
      "notation-core-go/internal/timestamp/testdata/tsaRootCert.cer";
  static final byte[] NOTATION = "notation".getBytes(StandardCharsets.US_ASCII);

  static byte[] bytes(String relative) throws Exception {
    return Files.readAllBytes(SharedFolders.vectors(relative));
  }

  static List<X509Certificate> certs(String relative) throws Exception {
    return CertificateFiles.read(SharedFolders.vectors(relative));
  }

  @Test
  void globalSignTokenVerifiesAgainstItsRoot() throws Exception {
    VerifiedTimestamp ts =
        TimestampTokens.verify(bytes(GLOBALSIGN_TOKEN), NOTATION, certs(GLOBALSIGN_R3));
    assertEquals(Instant.parse("2021-09-17T14:09:10Z"), ts.genTime());
    assertEquals(Duration.ofSeconds(1), ts.accuracy());
    assertEquals(Instant.parse("2021-09-17T14:09:09Z"), ts.earliest());
    assertEquals(Instant.parse("2021-09-17T14:09:11Z"), ts.latest());
    X509Certificate root = ts.tsaChain().get(ts.tsaChain().size() - 1);
    assertEquals(certs(GLOBALSIGN_R3).get(0), root);
    assertTrue(
        Subjects.of(ts.tsaChain().get(0)).contains("TSA"), Subjects.of(ts.tsaChain().get(0)));
  }

  @Test
  void globalSignTokenNeedsTheRevocationOfItsChain() throws Exception {
    VerifiedTimestamp ts =
        TimestampTokens.verify(bytes(GLOBALSIGN_TOKEN), NOTATION, certs(GLOBALSIGN_R3));
    // GlobalSign's TSA chain names OCSP/CRL endpoints; without a checker the step fails closed.
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class,
            () ->
                TsaChainRevocation.unavailable()
                    .check(ts.tsaChain(), Deadline.after(Duration.ofSeconds(5))));
    assertEquals(Check.AUTHENTIC_TIMESTAMP, f.check());
    assertTrue(
        f.reason().startsWith("revocation checking of the TSA certificate chain is not available"),
        f.reason());
  }

  @Test
  void globalSignTokenRevocationNeedsNetworkOrACachedAnswer() throws Exception {
    VerifiedTimestamp ts =
        TimestampTokens.verify(bytes(GLOBALSIGN_TOKEN), NOTATION, certs(GLOBALSIGN_R3));
    // The verifier's real step, with the OCSP/CRL checker offline and nothing cached: exactly as
    // notation-go, the TSA chain's status is unknown, which fails the authentic-timestamp check.
    TsaChainRevocation step =
        io.ratify.notation.internal.verifier.NotationVerifier.tsaRevocation(
            new io.ratify.notation.internal.revocation.RevocationChecker(
                io.ratify.notation.internal.revocation.RevocationOptions.defaults()
                    .withOffline(true),
                java.time.Clock.systemUTC()));
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class,
            () -> step.check(ts.tsaChain(), Deadline.after(Duration.ofSeconds(5))));
    assertEquals(Check.AUTHENTIC_TIMESTAMP, f.check());
    assertTrue(f.reason().startsWith("timestamping certificate with subject \""), f.reason());
    assertTrue(f.reason().contains("revocation status is unknown"), f.reason());
    assertTrue(f.reason().contains("offline"), f.reason());
  }

  @Test
  void otherBytesDoNotMatchTheImprint() throws Exception {
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class,
            () ->
                TimestampTokens.verify(
                    bytes(GLOBALSIGN_TOKEN),
                    "notatioN".getBytes(StandardCharsets.US_ASCII),
                    certs(GLOBALSIGN_R3)));
    assertTrue(f.reason().contains("message imprint does not match"), f.reason());
  }

  @Test
  void wrongRootIsUnknownAuthority() throws Exception {
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class,
            () -> TimestampTokens.verify(bytes(GLOBALSIGN_TOKEN), NOTATION, certs(DIGICERT_ROOT)));
    assertEquals(Check.AUTHENTIC_TIMESTAMP, f.check());
    assertTrue(f.reason().contains("certificate signed by unknown authority"), f.reason());
  }

  @Test
  void tokenWithInvalidSignatureFails() throws Exception {
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class,
            () ->
                TimestampTokens.verify(
                    bytes(INVALID_SIGNATURE_TOKEN), NOTATION, certs(DIGICERT_ROOT)));
    assertEquals(Check.AUTHENTIC_TIMESTAMP, f.check());
    assertFalse(f.reason().isBlank());
  }

  /** A byte flip anywhere never verifies and never throws anything but our typed failure. */
  @Property(tries = 300)
  void flippedTokenNeverVerifies(
      @ForAll @IntRange(min = 0, max = 6594) int position,
      @ForAll @IntRange(min = 1, max = 255) int mask)
      throws Exception {
    byte[] token = bytes(GLOBALSIGN_TOKEN);
    int i = position % token.length;
    token[i] = (byte) (token[i] ^ mask);
    try {
      TimestampTokens.verify(token, NOTATION, certs(GLOBALSIGN_R3));
    } catch (VerificationFailure f) {
      assertEquals(Check.AUTHENTIC_TIMESTAMP, f.check());
      return;
    }
    throw new AssertionError("a token with byte " + i + " flipped verified");
  }
}
