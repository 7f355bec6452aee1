package io.ratify.notation.internal.x509;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import io.ratify.notation.internal.envelope.TestVectors;
import io.ratify.notation.testing.CertificateAuthority;
import io.ratify.notation.testing.CertificateProfile;
import io.ratify.notation.testing.CertificateProfile.KeyUsage;
import io.ratify.notation.testing.IssuedCertificate;
import io.ratify.notation.testing.KeySpec;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The certificate-requirement table of vectors/PROVENANCE.md, plus the places where the
 * specification is stricter.
 */
class CertificateRulesTest {
  private static final String DIR = "derived/notation-core-go/x509-cert-requirements/";

  static X509Certificate cert(String name) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(
                    TestVectors.read(name.contains("/") ? name : DIR + name + ".pem")));
  }

  static List<X509Certificate> chain(String... names) throws Exception {
    List<X509Certificate> out = new ArrayList<>();
    for (String n : names) {
      out.add(cert(n));
    }
    return out;
  }

  static String failure(List<X509Certificate> chain) {
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class, () -> CertificateRules.validateCodeSigningChain(chain));
    assertEquals(Check.AUTHENTICITY, f.check());
    return f.reason();
  }

  @Test
  void upstreamValidChains() throws Exception {
    CertificateRules.validateCodeSigningChain(
        chain("codeSigningLeafPem", "intermediateCertPem2", "intermediateCertPem1", "rootCertPem"));
    CertificateRules.validateCodeSigningChain(
        chain("notation-core-go/x509/testdata/openssl-minimum-self-signed.pem"));
  }

  @Test
  void upstreamStructureFailures() throws Exception {
    assertEquals("certificate chain must contain at least one certificate", failure(List.of()));
    assertTrue(
        failure(chain("codeSigningLeafPem"))
            .startsWith(
                "invalid self-signed certificate. subject: \"CN=CodeSigningLeaf\". Error: "));
    assertTrue(
        failure(chain("codeSigningLeafPem", "intermediateCertPem2", "intermediateCertPem1"))
            .startsWith(
                "root certificate with subject \"CN=Intermediate1\" is invalid or not self-signed. Certificate chain"
                    + " must end with a valid self-signed root certificate."));
    assertTrue(
        failure(
                chain(
                    "codeSigningLeafPem",
                    "intermediateCertPem1",
                    "intermediateCertPem2",
                    "rootCertPem"))
            .startsWith(
                "invalid certificates or certificate with subject \"CN=CodeSigningLeaf\" is not issued by"
                    + " \"CN=Intermediate1\"."));
    assertTrue(
        failure(
                chain(
                    "codeSigningLeafPem",
                    "unrelatedCertPem",
                    "intermediateCertPem1",
                    "rootCertPem"))
            .startsWith(
                "invalid certificates or certificate with subject \"CN=CodeSigningLeaf\" is not issued by"
                    + " \"CN=Hello\"."));
    assertEquals(
        "leaf certificate with subject \"CN=Root\" is self-signed. Certificate chain must not contain"
            + " self-signed leaf certificate",
        failure(chain("rootCertPem", "rootCertPem", "rootCertPem")));
    assertEquals(
        "intermediate certificate with subject \"CN=Root\" is self-signed. Certificate chain must not contain"
            + " self-signed intermediate certificate",
        failure(
            chain(
                "codeSigningLeafPem",
                "intermediateCertPem2",
                "intermediateCertPem1",
                "rootCertPem",
                "rootCertPem")));
    assertEquals(
        "certificate with subject \"CN=Intermediate2\": expected path length of 1 but certificate has path"
            + " length 0 instead",
        failure(
            chain(
                "codeSigningLeafInvalidPathLenPem",
                "intermediateCertInvalidPathLenPem",
                "intermediateCertPem2",
                "intermediateCertPem1",
                "rootCertPem")));
  }

  /** Single self-signed certificates from the table, checked with the leaf rules. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "validNoOptionsLeafPem|",
        "caTrueLeafPem|certificate with subject \"CN=Hello\": if the basic constraints extension is present, the ca field must be set to false",
        "kuNoDigitalSignatureLeafPem|the certificate with subject \"CN=Hello\" is invalid. The key usage must have the bit positions for \"Digital Signature\" set",
        "kuWrongValuesLeafPem|the certificate with subject \"CN=Hello\" is invalid. The key usage must be \"Digital Signature\" only, but found \"CertSign\", \"CRLSign\"",
        "rsaKeyTooSmallLeafPem|certificate with subject \"CN=Hello\": rsa key size 1024 bits is not supported",
        "ecdsaKeyTooSmallLeafPem|certificate with subject \"CN=Hello\": ecdsa key size 224 bits is not supported",
        "ekuWrongValuesCodeLeafPem|certificate with subject \"CN=Hello\": extended key usage must not contain ServerAuth eku",
        "ekuMissingCodeSigningLeafPem|certificate with subject \"CN=Hello\": extended key usage must not contain OCSPSigning eku",
      })
  void upstreamLeafRules(String name, String expected) throws Exception {
    List<X509Certificate> c = chain(name);
    if (expected == null) {
      CertificateRules.validateCodeSigningChain(c);
    } else {
      assertEquals(expected, failure(c));
    }
  }

  /**
   * CA rules: each upstream CA certificate is placed above a leaf it did not sign, so test the rule
   * in isolation.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "kuNotCriticalCertSignCaPem|key usage extension must be marked critical",
        "kuMissingCaPem|key usage extension must be present",
        "kuNotCertSignCaPem|key usage must have the bit positions for key cert sign set",
      })
  void upstreamCaRules(String name, String expected) throws Exception {
    // Re-issue: a generated leaf under a generated CA with the same defect as the upstream
    // certificate.
    X509Certificate upstream = cert(name);
    assertTrue(upstream.getSubjectX500Principal().getName().contains("CN=Hello"));
    CertificateProfile.Builder p =
        CertificateProfile.ca("CN=Bad CA,O=Notary,ST=WA,C=US").toBuilder();
    switch (name) {
      case "kuNotCriticalCertSignCaPem":
        p.keyUsage(Set.of(KeyUsage.KEY_CERT_SIGN), false);
        break;
      case "kuMissingCaPem":
        p.keyUsage(Set.of(), true);
        break;
      default:
        p.keyUsage(Set.of(KeyUsage.CRL_SIGN), true);
    }
    CertificateAuthority root = CertificateAuthority.root(p.build(), KeySpec.EC_P256);
    IssuedCertificate leaf = root.codeSigningLeaf("CN=Leaf,O=Notary,ST=WA,C=US", KeySpec.EC_P256);
    String reason = failure(leaf.chain());
    assertEquals("certificate with subject \"CN=Bad CA,O=Notary,ST=WA,C=US\": " + expected, reason);
  }

  /**
   * A parent without cA=true cannot issue at all; like Go's CheckSignatureFrom, this is reported by
   * the issuance check before the CA rules run (noBasicConstraintsCaPem, basicConstraintsNotCaPem).
   */
  @Test
  void parentThatIsNotACaCannotIssue() {
    for (boolean present : new boolean[] {false, true}) {
      CertificateProfile.Builder p =
          CertificateProfile.ca("CN=Bad CA,O=Notary,ST=WA,C=US").toBuilder();
      if (present) {
        p.basicConstraints(false, Optional.empty(), true);
      } else {
        p.noBasicConstraints();
      }
      CertificateAuthority root = CertificateAuthority.root(p.build(), KeySpec.EC_P256);
      String reason =
          failure(root.codeSigningLeaf("CN=Leaf,O=Notary,ST=WA,C=US", KeySpec.EC_P256).chain());
      assertTrue(
          reason.endsWith(
              "is not issued by \"CN=Bad CA,O=Notary,ST=WA,C=US\". Error: parent certificate cannot"
                  + " sign this kind of certificate"),
          reason);
    }
  }

  @Test
  void rootPathLengthFromUpstreamTable() throws Exception {
    // rootCertPem has pathlen 2: a chain needing 3 CAs below it fails.
    CertificateAuthority root =
        CertificateAuthority.root(
            CertificateProfile.ca("CN=R,O=N,ST=WA,C=US").toBuilder()
                .basicConstraints(true, Optional.of(1), true)
                .build(),
            KeySpec.EC_P256);
    CertificateAuthority i1 = root.intermediate("CN=I1,O=N,ST=WA,C=US", KeySpec.EC_P256);
    CertificateAuthority i2 = i1.intermediate("CN=I2,O=N,ST=WA,C=US", KeySpec.EC_P256);
    assertDoesNotThrow(
        () ->
            CertificateRules.validateCodeSigningChain(
                i1.codeSigningLeaf("CN=L,O=N,ST=WA,C=US", KeySpec.EC_P256).chain()));
    assertEquals(
        "certificate with subject \"CN=R,O=N,ST=WA,C=US\": expected path length of 2 but certificate has path"
            + " length 1 instead",
        failure(i2.codeSigningLeaf("CN=L,O=N,ST=WA,C=US", KeySpec.EC_P256).chain()));
  }

  /**
   * Stricter than notation-go: Go accepts anyExtendedKeyUsage in a code-signing leaf; the
   * specification does not.
   */
  @Test
  void anyExtendedKeyUsageIsRefused() {
    CertificateAuthority root = CertificateAuthority.root("CN=R,O=N,ST=WA,C=US", KeySpec.EC_P256);
    IssuedCertificate leaf =
        root.issue(
            CertificateProfile.codeSigningLeaf("CN=L,O=N,ST=WA,C=US").toBuilder()
                .extendedKeyUsage(
                    List.of(CertificateProfile.EKU_CODE_SIGNING, CertificateProfile.EKU_ANY), false)
                .build(),
            KeySpec.EC_P256);
    assertTrue(failure(leaf.chain()).endsWith("extended key usage must not contain Any eku"));
  }

  /** Stricter than notation-go: Go does not check that a CA's BasicConstraints is critical. */
  @Test
  void nonCriticalCaBasicConstraintsIsRefused() {
    CertificateAuthority root =
        CertificateAuthority.root(
            CertificateProfile.ca("CN=R,O=N,ST=WA,C=US").toBuilder()
                .basicConstraints(true, Optional.empty(), false)
                .build(),
            KeySpec.EC_P256);
    assertTrue(
        failure(root.codeSigningLeaf("CN=L,O=N,ST=WA,C=US", KeySpec.EC_P256).chain())
            .endsWith("ca field in basic constraints must be present, critical, and set to true"));
  }

  /**
   * Stricter than notation-go: Go accepts a SHA-1 self-signature on a single certificate; the spec
   * forbids SHA-1.
   */
  @Test
  void sha1IsRefusedEvenOnASingleSelfSignedCertificate() {
    IssuedCertificate single =
        CertificateAuthority.selfSigned(
            CertificateProfile.codeSigningLeaf("CN=S,O=N,ST=WA,C=US").toBuilder()
                .signatureAlgorithm("SHA1withRSA")
                .build(),
            KeySpec.RSA_2048);
    assertTrue(failure(single.chain()).contains("weak algorithm"));
    CertificateAuthority root = CertificateAuthority.root("CN=R,O=N,ST=WA,C=US", KeySpec.RSA_2048);
    IssuedCertificate leaf =
        root.issue(
            CertificateProfile.codeSigningLeaf("CN=L,O=N,ST=WA,C=US").toBuilder()
                .signatureAlgorithm("SHA1withRSA")
                .build(),
            KeySpec.RSA_2048);
    assertTrue(failure(leaf.chain()).contains("weak algorithm"));
  }

  @Test
  void generatedChainsOfEveryKeySpecPass() {
    CertificateAuthority root = CertificateAuthority.root("CN=R,O=N,ST=WA,C=US", KeySpec.RSA_3072);
    CertificateAuthority mid = root.intermediate("CN=M,O=N,ST=WA,C=US", KeySpec.EC_P521);
    for (KeySpec s : List.of(KeySpec.RSA_2048, KeySpec.EC_P256, KeySpec.EC_P384, KeySpec.EC_P521)) {
      assertDoesNotThrow(
          () ->
              CertificateRules.validateCodeSigningChain(
                  mid.codeSigningLeaf("CN=L,O=N,ST=WA,C=US", s).chain()));
    }
  }

  @Test
  void timestampingChain() throws Exception {
    CertificateRules.validateTimestampingChain(
        chain(
            "notation-core-go/x509/testdata/timestamp_leaf.crt",
            "notation-core-go/x509/testdata/timestamp_intermediate.crt",
            "notation-core-go/x509/testdata/timestamp_root.crt"));
    CertificateAuthority root =
        CertificateAuthority.root("CN=TSA Root,O=N,ST=WA,C=US", KeySpec.EC_P384);
    assertDoesNotThrow(
        () ->
            CertificateRules.validateTimestampingChain(
                root.issue(
                        CertificateProfile.timestampingLeaf("CN=TSA,O=N,ST=WA,C=US"),
                        KeySpec.EC_P256)
                    .chain()));
    IssuedCertificate notCritical =
        root.issue(
            CertificateProfile.timestampingLeaf("CN=TSA,O=N,ST=WA,C=US").toBuilder()
                .extendedKeyUsage(List.of(CertificateProfile.EKU_TIME_STAMPING), false)
                .build(),
            KeySpec.EC_P256);
    assertThrows(
        VerificationFailure.class,
        () -> CertificateRules.validateTimestampingChain(notCritical.chain()));
    IssuedCertificate codeSigning = root.codeSigningLeaf("CN=CS,O=N,ST=WA,C=US", KeySpec.EC_P256);
    assertThrows(
        VerificationFailure.class,
        () -> CertificateRules.validateTimestampingChain(codeSigning.chain()));
  }

  @Test
  void validityAndRevocationEndpoints() throws Exception {
    List<X509Certificate> c =
        chain("codeSigningLeafPem", "intermediateCertPem2", "intermediateCertPem1", "rootCertPem");
    ChainValidity.checkValidAt(c, Instant.parse("2030-01-01T00:00:00Z"));
    VerificationFailure f =
        assertThrows(
            VerificationFailure.class,
            () -> ChainValidity.checkValidAt(c, Instant.parse("2021-07-07T20:48:42Z")));
    assertEquals(Check.AUTHENTIC_TIMESTAMP, f.check());
    assertEquals(
        "verification time is before certificate \"CN=CodeSigningLeaf\" validity period, it will be valid from"
            + " \"Thu, 30 Jun 2022 19:20:03 +0000\"",
        f.reason());
    assertTrue(
        assertThrows(
                VerificationFailure.class,
                () -> ChainValidity.checkValidAt(c, Instant.parse("3500-01-01T00:00:00Z")))
            .reason()
            .startsWith("verification time is after certificate"));

    assertTrue(!Revocation.endpointsOf(c.get(0)));
    List<X509Certificate> crl = new ArrayList<>();
    for (Object o :
        CertificateFactory.getInstance("X.509")
            .generateCertificates(
                new ByteArrayInputStream(
                    TestVectors.read(
                        "notation/test/e2e/testdata/config/crl/certchain_with_crl.pem")))) {
      crl.add((X509Certificate) o);
    }
    assertTrue(Revocation.endpointsOf(crl.get(0)));
    assertEquals(List.of("http://localhost:10086/leaf.crl"), Revocation.describe(crl.get(0)).crl());
    assertTrue(!Revocation.describe(crl.get(1)).ocsp().isEmpty());
    X509Certificate ocspLeaf = cert("notation/test/e2e/testdata/config/ocsp/leaf.crt");
    assertEquals(List.of("http://localhost:10087"), Revocation.describe(ocspLeaf).ocsp());
    CertificateAuthority root = CertificateAuthority.root("CN=R,O=N,ST=WA,C=US", KeySpec.EC_P256);
    IssuedCertificate withCrl =
        root.issue(
            CertificateProfile.codeSigningLeaf("CN=L,O=N,ST=WA,C=US").toBuilder()
                .crlUrls(List.of("http://127.0.0.1:1/x.crl"))
                .build(),
            KeySpec.EC_P256);
    assertTrue(Revocation.endpointsOf(withCrl.certificate()));
  }
}
