package io.ratify.notation.internal.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.ErrorCode;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.api.VerificationResult;
import io.ratify.notation.TestContext;
import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.envelope.Envelopes;
import io.ratify.notation.internal.envelope.JwsWriter;
import io.ratify.notation.internal.envelope.SignatureAlgorithm;
import io.ratify.notation.internal.envelope.SignedEnvelope;
import io.ratify.notation.internal.timestamp.TestTsa;
import io.ratify.notation.signer.EnvelopeFormat;
import io.ratify.notation.signer.NotationSigner;
import io.ratify.notation.testing.CertificateAuthority;
import io.ratify.notation.testing.CertificateProfile;
import io.ratify.notation.testing.IssuedCertificate;
import io.ratify.notation.testing.KeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Signatures made by our signer with a real RFC 3161 TSA on 127.0.0.1, verified end to end: a
 * signing certificate that expired after signing is rescued by its timestamp under {@code
 * afterCertExpiry}, and every way a timestamp can be wrong fails the authentic-timestamp check.
 */
class TimestampedSignaturesTest {
  static final Instant NOW = GeneratedSignaturesTest.NOW;
  static final String REPO = GeneratedSignaturesTest.REPO;

  @TempDir static Path tmp;
  static CertificateAuthority root;
  static CertificateAuthority tsaRoot;
  static CertificateAuthority otherTsaRoot;
  static IssuedCertificate tsaCert;

  /** Valid from 10 days ago until yesterday. */
  static IssuedCertificate expiredLeaf;

  static TestTsa tsa;

  static CertificateProfile since(CertificateProfile p, Duration before, Duration after) {
    return p.toBuilder().validity(NOW.minus(before), NOW.plus(after)).build();
  }

  @BeforeAll
  static void pki() throws Exception {
    Duration year = Duration.ofDays(365);
    root =
        CertificateAuthority.root(
            since(CertificateProfile.ca("CN=Acme Root,O=Acme,ST=WA,C=US"), year, year),
            KeySpec.RSA_3072);
    expiredLeaf =
        root.issue(
            CertificateProfile.codeSigningLeaf("CN=signer,O=Acme,ST=WA,C=US").toBuilder()
                .validity(NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofDays(1)))
                .build(),
            KeySpec.EC_P256);
    tsaRoot =
        CertificateAuthority.root(
            since(CertificateProfile.ca("CN=Test TSA Root,O=Acme,ST=WA,C=US"), year, year),
            KeySpec.RSA_3072);
    otherTsaRoot =
        CertificateAuthority.root("CN=Other TSA Root,O=Acme,ST=WA,C=US", KeySpec.EC_P256);
    CertificateAuthority tsaCa =
        tsaRoot.intermediate(
            since(CertificateProfile.ca("CN=Test TSA CA,O=Acme,ST=WA,C=US"), year, year),
            KeySpec.RSA_2048);
    tsaCert =
        tsaCa.issue(
            since(
                CertificateProfile.timestampingLeaf("CN=Test TSA,O=Acme,ST=WA,C=US"),
                Duration.ofDays(30),
                Duration.ofDays(30)),
            KeySpec.RSA_2048);
    tsa = new TestTsa(tsaCert.privateKey(), tsaCert.chain());
  }

  @AfterAll
  static void stop() {
    tsa.close();
  }

  /** Signs at {@code signingTime} with the TSA asserting {@code genTime}. */
  static GeneratedSignaturesTest.Signed sign(
      EnvelopeFormat format, Instant signingTime, Optional<Instant> genTime) throws Exception {
    tsa.genTime(genTime.orElse(null));
    NotationSigner.Builder b =
        NotationSigner.builder()
            .privateKey(expiredLeaf.privateKey())
            .certificateChain(expiredLeaf.chain())
            .format(format)
            .clock(Clock.fixed(signingTime, ZoneOffset.UTC));
    if (genTime.isPresent()) {
      b.timestampAuthority(tsa.url()).timestampTimeout(Duration.ofSeconds(10));
    }
    return GeneratedSignaturesTest.signWith(tmp, b.build());
  }

  static String stores(X509Certificate tsaAnchor) throws Exception {
    Path dir = Files.createTempDirectory(tmp, "ts");
    Path ca = Files.createDirectories(dir.resolve("truststore/x509/ca/acme"));
    Files.write(ca.resolve("root.der"), root.certificate().getEncoded());
    Path t = Files.createDirectories(dir.resolve("truststore/x509/tsa/acme-tsa"));
    Files.write(t.resolve("tsa.der"), tsaAnchor.getEncoded());
    return dir.toString();
  }

  static VerificationResult verify(
      GeneratedSignaturesTest.Signed s, String verifyTimestamp, X509Certificate tsaAnchor)
      throws Exception {
    return s.verify(
        Harness.verifier(
            new TestContext(NOW, tmp),
            GeneratedSignaturesTest.timestampPolicy(verifyTimestamp),
            List.of(stores(tsaAnchor)),
            Map.of()));
  }

  static final Instant SIGNED_AT = NOW.minus(Duration.ofDays(5));

  @ParameterizedTest
  @EnumSource(EnvelopeFormat.class)
  void expiredSigningCertificateVerifiesThroughItsTimestamp(EnvelopeFormat format)
      throws Exception {
    GeneratedSignaturesTest.Signed s = sign(format, SIGNED_AT, Optional.of(SIGNED_AT));
    for (String option : List.of("afterCertExpiry", "always", "")) {
      VerificationResult r = verify(s, option, tsaRoot.certificate());
      assertTrue(r.success(), () -> option + ": " + r);
    }
    // without the tsa store the chain must be valid now, and it is not
    VerificationResult noTsa =
        s.verify(
            Harness.verifier(
                new TestContext(NOW, tmp),
                Harness.policy(REPO, "strict", Map.of(), List.of("ca:acme"), List.of("*")),
                List.of(stores(tsaRoot.certificate())),
                Map.of()));
    GeneratedSignaturesTest.assertFailure(
        noTsa, Check.AUTHENTIC_TIMESTAMP, "validity period, it was expired at");
  }

  @ParameterizedTest
  @EnumSource(EnvelopeFormat.class)
  void withoutTimestampTheExpiredCertificateFails(EnvelopeFormat format) throws Exception {
    GeneratedSignaturesTest.Signed s = sign(format, SIGNED_AT, Optional.empty());
    GeneratedSignaturesTest.assertFailure(
        verify(s, "afterCertExpiry", tsaRoot.certificate()),
        Check.AUTHENTIC_TIMESTAMP,
        "no timestamp countersignature was found in the signature envelope");
  }

  @Test
  void genTimeBeforeTheSigningCertificateFails() throws Exception {
    GeneratedSignaturesTest.Signed s =
        sign(EnvelopeFormat.JWS, SIGNED_AT, Optional.of(NOW.minus(Duration.ofDays(20))));
    GeneratedSignaturesTest.assertFailure(
        verify(s, "afterCertExpiry", tsaRoot.certificate()),
        Check.AUTHENTIC_TIMESTAMP,
        "timestamp can be before certificate \"CN=signer,O=Acme,ST=WA,C=US\" validity period");
  }

  @Test
  void genTimeAfterTheSigningCertificateFails() throws Exception {
    GeneratedSignaturesTest.Signed s = sign(EnvelopeFormat.COSE, SIGNED_AT, Optional.of(NOW));
    GeneratedSignaturesTest.assertFailure(
        verify(s, "afterCertExpiry", tsaRoot.certificate()),
        Check.AUTHENTIC_TIMESTAMP,
        "timestamp can be after certificate \"CN=signer,O=Acme,ST=WA,C=US\" validity period");
  }

  @Test
  void tsaNotChainingToTheTsaStoreFails() throws Exception {
    GeneratedSignaturesTest.Signed s = sign(EnvelopeFormat.JWS, SIGNED_AT, Optional.of(SIGNED_AT));
    GeneratedSignaturesTest.assertFailure(
        verify(s, "always", otherTsaRoot.certificate()),
        Check.AUTHENTIC_TIMESTAMP,
        "certificate signed by unknown authority");
  }

  @Test
  void nonRootCertificateInTheTsaStoreIsRefused() throws Exception {
    GeneratedSignaturesTest.Signed s = sign(EnvelopeFormat.JWS, SIGNED_AT, Optional.of(SIGNED_AT));
    // the TSA's intermediate CA: a CA, but not a root
    GeneratedSignaturesTest.assertFailure(
        verify(s, "always", tsaCert.chain().get(1)),
        Check.AUTHENTIC_TIMESTAMP,
        "is not a root certificate");
    // a self-signed certificate that is not a CA
    IssuedCertificate selfSigned =
        CertificateAuthority.selfSigned(
            CertificateProfile.timestampingLeaf("CN=Self TSA,O=Acme,ST=WA,C=US"), KeySpec.EC_P256);
    GeneratedSignaturesTest.assertFailure(
        verify(s, "always", selfSigned.certificate()),
        Check.AUTHENTIC_TIMESTAMP,
        "is not a root certificate");
  }

  @Test
  void wrongImprintFails() throws Exception {
    // A TSA that stamps other bytes: our signer refuses its reply ...
    tsa.wrongImprint(true);
    try {
      RatifyException e =
          assertThrows(
              RatifyException.class,
              () -> sign(EnvelopeFormat.JWS, SIGNED_AT, Optional.of(SIGNED_AT)));
      assertEquals(ErrorCode.TIMESTAMP_FAILURE, e.code());
    } finally {
      tsa.wrongImprint(false);
    }
    // ... and a verifier refuses an envelope carrying a token over other bytes.
    tsa.genTime(SIGNED_AT);
    byte[] otherDigest =
        MessageDigest.getInstance("SHA-256").digest("other".getBytes(StandardCharsets.US_ASCII));
    byte[] token = tsa.token(NISTObjectIdentifiers.id_sha256, otherDigest);
    byte[] envelope =
        JwsWriter.write(
            new java.util.TreeMap<>(
                Map.of(
                    "alg",
                    "ES256",
                    "crit",
                    List.of("io.cncf.notary.signingScheme"),
                    "cty",
                    MediaTypes.NOTARY_PAYLOAD,
                    "io.cncf.notary.signingScheme",
                    "notary.x509",
                    "io.cncf.notary.signingTime",
                    SIGNED_AT.toString())),
            "{\"targetArtifact\":{}}".getBytes(StandardCharsets.US_ASCII),
            expiredLeaf.privateKey(),
            SignatureAlgorithm.ES256,
            expiredLeaf.chain(),
            Optional.empty(),
            (sig, alg) -> Optional.of(token));
    SignedEnvelope parsed = Envelopes.parseAndVerify(MediaTypes.JWS_ENVELOPE, envelope);
    io.ratify.notation.internal.VerificationFailure f =
        assertThrows(
            io.ratify.notation.internal.VerificationFailure.class,
            () ->
                io.ratify.notation.internal.timestamp.TimestampTokens.verify(
                    parsed.timestampToken().orElseThrow(),
                    parsed.signature(),
                    List.of(tsaRoot.certificate())));
    assertTrue(f.reason().contains("message imprint does not match"), f.reason());
  }

  @Test
  void jwsCarriesTheTokenInStandardBase64() throws Exception {
    GeneratedSignaturesTest.Signed s = sign(EnvelopeFormat.JWS, SIGNED_AT, Optional.of(SIGNED_AT));
    byte[] envelope = s.envelope();
    String json = new String(envelope, StandardCharsets.UTF_8);
    assertTrue(json.contains("\"header\":{\"io.cncf.notary.timestampSignature\":\""), json);
    SignedEnvelope parsed = Envelopes.parseAndVerify(MediaTypes.JWS_ENVELOPE, envelope);
    byte[] token = parsed.timestampToken().orElseThrow();
    assertTrue(json.contains(Base64.getEncoder().encodeToString(token)));
    assertEquals(SIGNED_AT, TestTsa.parse(token).getTimeStampInfo().getGenTime().toInstant());
  }
}
