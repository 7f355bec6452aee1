package io.ratify.notation.internal.timestamp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.MediaTypes;
import io.ratify.api.VerificationResult;
import io.ratify.notation.NotationEnvelopeVerifier;
import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.envelope.JwsWriter;
import io.ratify.notation.internal.envelope.SignatureAlgorithm;
import io.ratify.notation.internal.policy.GoText;
import io.ratify.notation.testing.CertificateAuthority;
import io.ratify.notation.testing.CertificateProfile;
import io.ratify.notation.testing.IssuedCertificate;
import io.ratify.notation.testing.KeySpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.tsp.Accuracy;
import org.bouncycastle.asn1.tsp.MessageImprint;
import org.bouncycastle.asn1.tsp.TSTInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;

/**
 * One negative test per check of an RFC 3161 token, each with a token the test TSA builds wrong in
 * exactly that way and carried by an otherwise good envelope, verified through the public API: the
 * outcome is the authentic-timestamp failure with the exact reason. A token built right passes, so
 * each failure is due to its one defect.
 */
class TokenChecksTest {
  static final Descriptor TARGET =
      Descriptor.of(
          MediaTypes.OCI_MANIFEST,
          Digest.sha256("manifest".getBytes(StandardCharsets.US_ASCII)),
          8);
  static final CertificateAuthority ROOT =
      CertificateAuthority.root("CN=Checks Root,O=Acme,ST=WA,C=US", KeySpec.EC_P256);
  static final IssuedCertificate SIGNER =
      ROOT.codeSigningLeaf("CN=Checks Signer,O=Acme,ST=WA,C=US", KeySpec.EC_P256);

  /** An hour into the signing certificate's validity (its profile starts an hour before now). */
  static final Instant NOW =
      SIGNER.certificate().getNotBefore().toInstant().plus(Duration.ofHours(1));

  static final CertificateAuthority TSA_ROOT =
      CertificateAuthority.root("CN=Checks TSA Root,O=Acme,ST=WA,C=US", KeySpec.EC_P256);
  static final String TSA_SUBJECT = "CN=Checks TSA,O=Acme,ST=WA,C=US";
  static final IssuedCertificate TSA =
      TSA_ROOT.issue(CertificateProfile.timestampingLeaf(TSA_SUBJECT), KeySpec.EC_P256);

  static final String POLICY =
      "{\"version\":\"1.0\",\"trustPolicies\":[{\"name\":\"p\",\"registryScopes\":[\"*\"],"
          + "\"signatureVerification\":{\"level\":\"strict\",\"verifyTimestamp\":\"always\"},"
          + "\"trustStores\":[\"ca:acme\",\"tsa:acme-tsa\"],\"trustedIdentities\":[\"*\"]}]}";

  /** What the crafted token gets wrong (nothing by default). */
  static final class Token {
    IssuedCertificate tsa = TSA;
    Instant genTime = NOW;
    Optional<Duration> accuracy = Optional.of(Duration.ofSeconds(1));
    boolean essV2 = true;
    boolean wrongEssHash;
    boolean contentType = true;
    boolean messageDigest = true;
    boolean otherImprint;

    /** An RFC 3161 token over {@code data} (SHA-256), signed by {@link #tsa}. */
    byte[] over(byte[] data) throws Exception {
      byte[] imprinted = otherImprint ? "other bytes".getBytes(StandardCharsets.US_ASCII) : data;
      Accuracy acc =
          accuracy
              .map(
                  a ->
                      new Accuracy(
                          new ASN1Integer(a.toSeconds()),
                          a.toMillisPart() == 0 ? null : new ASN1Integer(a.toMillisPart()),
                          null))
              .orElse(null);
      TSTInfo tst =
          new TSTInfo(
              new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"),
              new MessageImprint(
                  new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256), sha256(imprinted)),
              new ASN1Integer(BigInteger.valueOf(42)),
              new ASN1GeneralizedTime(
                  DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
                      .withZone(ZoneOffset.UTC)
                      .format(genTime)),
              acc,
              ASN1Boolean.FALSE,
              null,
              null,
              null);
      byte[] tstDer = tst.getEncoded("DER");
      X509Certificate cert = tsa.certificate();
      byte[] certHash = sha256(cert.getEncoded());
      if (wrongEssHash) {
        certHash[0] ^= 1;
      }
      byte[] essHash = certHash;
      CMSAttributeTableGenerator attributes =
          params -> {
            ASN1EncodableVector v = new ASN1EncodableVector();
            if (contentType) {
              v.add(
                  new Attribute(
                      CMSAttributes.contentType, new DERSet(PKCSObjectIdentifiers.id_ct_TSTInfo)));
            }
            if (messageDigest) {
              v.add(
                  new Attribute(
                      CMSAttributes.messageDigest,
                      new DERSet(
                          new DEROctetString(
                              (byte[]) params.get(CMSAttributeTableGenerator.DIGEST)))));
            }
            if (essV2) {
              v.add(
                  new Attribute(
                      PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                      new DERSet(new SigningCertificateV2(new ESSCertIDv2(essHash)))));
            }
            return new AttributeTable(v);
          };
      PrivateKey key = tsa.privateKey();
      CMSSignedDataGenerator g = new CMSSignedDataGenerator();
      g.addSignerInfoGenerator(
          new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
              .setSignedAttributeGenerator(attributes)
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key), cert));
      g.addCertificates(new JcaCertStore(tsa.chain()));
      return g.generate(
              new CMSProcessableByteArray(PKCSObjectIdentifiers.id_ct_TSTInfo, tstDer), true)
          .toASN1Structure()
          .getEncoded("DER");
    }
  }

  static byte[] sha256(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  /** A JWS by {@link #SIGNER} over {@link #TARGET}, countersigned with the crafted token. */
  static byte[] envelope(Token token) throws Exception {
    TreeMap<String, Object> header = new TreeMap<>();
    header.put("alg", "ES256");
    header.put("crit", List.of("io.cncf.notary.signingScheme"));
    header.put("cty", MediaTypes.NOTARY_PAYLOAD);
    header.put("io.cncf.notary.signingScheme", "notary.x509");
    header.put("io.cncf.notary.signingTime", NOW.toString());
    String payload =
        "{\"targetArtifact\":{\"digest\":\""
            + TARGET.digest()
            + "\",\"mediaType\":\""
            + TARGET.mediaType()
            + "\",\"size\":"
            + TARGET.size()
            + "}}";
    return JwsWriter.write(
        header,
        payload.getBytes(StandardCharsets.UTF_8),
        SIGNER.privateKey(),
        SignatureAlgorithm.ES256,
        SIGNER.chain(),
        Optional.empty(),
        (sig, alg) -> {
          try {
            return Optional.of(token.over(sig));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  static VerificationResult verify(Token token, X509Certificate tsaRoot) throws Exception {
    return NotationEnvelopeVerifier.builder()
        .trustPolicy(POLICY.getBytes(StandardCharsets.UTF_8))
        .trustStore("ca", "acme", List.of(ROOT.certificate()))
        .trustStore("tsa", "acme-tsa", List.of(tsaRoot))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .build()
        .verify("registry.example/app", TARGET, MediaTypes.JWS_ENVELOPE, envelope(token));
  }

  static void assertTimestampFailure(VerificationResult r, String reason) {
    assertFalse(r.success(), r::toString);
    assertEquals(Optional.of(Check.AUTHENTIC_TIMESTAMP.code()), r.errorCode(), r::toString);
    assertEquals("authenticTimestamp", r.extensions().get("failedCheck"), r::toString);
    assertEquals(Optional.of(reason), r.errorReason(), r::toString);
  }

  @Test
  void theTokenBuiltRightVerifies() throws Exception {
    VerificationResult r = verify(new Token(), TSA_ROOT.certificate());
    assertTrue(r.success(), r::toString);
  }

  @Test
  void missingSigningCertificateV2() throws Exception {
    Token t = new Token();
    t.essV2 = false;
    assertTimestampFailure(
        verify(t, TSA_ROOT.certificate()),
        "the timestamp token's signed attributes must hold exactly one signingCertificateV2"
            + " attribute");
  }

  @Test
  void signingCertificateV2HashOfAnotherCertificate() throws Exception {
    Token t = new Token();
    t.wrongEssHash = true;
    assertTimestampFailure(
        verify(t, TSA_ROOT.certificate()),
        "the timestamp token does not carry the signing certificate that its"
            + " signingCertificateV2 attribute names");
  }

  @Test
  void missingContentTypeAttribute() throws Exception {
    Token t = new Token();
    t.contentType = false;
    assertTimestampFailure(
        verify(t, TSA_ROOT.certificate()),
        "the timestamp token's signed attributes must hold exactly one content type attribute");
  }

  @Test
  void missingMessageDigestAttribute() throws Exception {
    Token t = new Token();
    t.messageDigest = false;
    assertTimestampFailure(
        verify(t, TSA_ROOT.certificate()),
        "the timestamp token's signed attributes must hold exactly one message digest attribute");
  }

  @Test
  void tsaCertificateWithoutTheTimestampingEku() throws Exception {
    Token t = new Token();
    t.tsa =
        TSA_ROOT.issue(
            CertificateProfile.codeSigningLeaf(TSA_SUBJECT).toBuilder()
                .extendedKeyUsage(List.of(CertificateProfile.EKU_CODE_SIGNING), true)
                .build(),
            KeySpec.EC_P256);
    assertTimestampFailure(
        verify(t, TSA_ROOT.certificate()),
        "invalid TSA certificate chain: timestamping certificate with subject \""
            + TSA_SUBJECT
            + "\" must have and only have TimeStamping as extended key usage");
  }

  @Test
  void timestampingEkuNotCritical() throws Exception {
    Token t = new Token();
    t.tsa =
        TSA_ROOT.issue(
            CertificateProfile.timestampingLeaf(TSA_SUBJECT).toBuilder()
                .extendedKeyUsage(List.of(CertificateProfile.EKU_TIME_STAMPING), false)
                .build(),
            KeySpec.EC_P256);
    assertTimestampFailure(
        verify(t, TSA_ROOT.certificate()),
        "invalid TSA certificate chain: timestamping certificate with subject \""
            + TSA_SUBJECT
            + "\" must have extended key usage extension marked critical");
  }

  @Test
  void accuracyReachesBeforeTheSigningCertificate() throws Exception {
    Instant notBefore = SIGNER.certificate().getNotBefore().toInstant();
    Token t = new Token();
    // genTime itself is inside the signing certificate's validity; genTime - accuracy is not
    t.genTime = notBefore.plus(Duration.ofMinutes(10));
    t.accuracy = Optional.of(Duration.ofMinutes(20));
    assertTimestampFailure(
        verify(t, TSA_ROOT.certificate()),
        "timestamp can be before certificate \"CN=Checks Signer,O=Acme,ST=WA,C=US\" validity"
            + " period, it will be valid from \""
            + GoText.rfc1123z(notBefore)
            + "\"");
  }

  @Test
  void messageImprintOverOtherBytes() throws Exception {
    Token t = new Token();
    t.otherImprint = true;
    assertTimestampFailure(
        verify(t, TSA_ROOT.certificate()),
        "the timestamp token's message imprint does not match the SHA-256 hash of the signature:"
            + " the timestamp is for other bytes");
  }
}
