package io.ratify.notation.internal.timestamp;

import io.ratify.api.internal.parse.Der;
import io.ratify.api.internal.parse.MalformedException;
import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import io.ratify.notation.internal.x509.CertificateRules;
import io.ratify.notation.internal.x509.Subjects;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.tsp.Accuracy;
import org.bouncycastle.asn1.tsp.TSTInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;

/**
 * Verifies RFC 3161 timestamp tokens the way notation (tspclient-go) does (notary-notes §3.4 step
 * 5, §5): CMS SignedData version 3 with encapsulated id-ct-TSTInfo, TSTInfo version 1, a message
 * imprint (SHA-256/384/512) equal to the hash of the timestamped bytes, a SignerInfo version 1
 * whose signed attributes carry the content type, the message digest and an ESS
 * signingCertificateV2 that binds the signer certificate by hash, a signature with RSA PKCS#1 v1.5,
 * RSASSA-PSS or ECDSA over SHA-256/384/512, and a TSA chain built from the token's certificates to
 * a {@code tsa} trust store root, valid at genTime and satisfying the timestamping certificate
 * rules (leaf extended key usage exactly timeStamping, critical).
 *
 * <p>Guarantee: for any input bytes, {@link #verify} returns a {@link VerifiedTimestamp} or throws
 * {@link VerificationFailure} with {@link Check#AUTHENTIC_TIMESTAMP} — never another exception.
 * Work is bounded: token size, certificate and signer counts, chain length.
 *
 * <p>Encoding: every certificate the token carries must be strict DER on its exact bytes in the
 * token (issue 8: one certificate, one encoding), checked before anything else parses the token;
 * the CMS wrapper itself may be BER, which CMS allows and tspclient-go accepts (it converts BER
 * tokens to DER before parsing), so a BER token notation-go verifies is not refused here.
 *
 * <p>Deliberate choices, as in tspclient-go: the legacy ESS signingCertificate (v1, SHA-1) alone is
 * not accepted; a SignerInfo identified by subject key identifier (version 3) is not supported.
 * Revocation of the TSA chain is not checked here ({@link TsaChainRevocation}).
 */
public final class TimestampTokens {
  /** Largest token accepted (real tokens are 5–10 KiB). */
  public static final int MAX_TOKEN_BYTES = 256 * 1024;

  /** Most certificates a token may carry. */
  public static final int MAX_CERTIFICATES = 16;

  /** Most SignerInfos a token may carry. */
  public static final int MAX_SIGNERS = 4;

  /** Longest TSA chain, root included. */
  public static final int MAX_CHAIN_LENGTH = CertificateRules.MAX_CHAIN_LENGTH;

  private static final ASN1ObjectIdentifier ID_CT_TSTINFO = PKCSObjectIdentifiers.id_ct_TSTInfo;

  /** RFC 3628 baseline time-stamp policy, whose accuracy is at least one second. */
  private static final ASN1ObjectIdentifier BASELINE_POLICY =
      new ASN1ObjectIdentifier("0.4.0.2023.1.1");

  private static final Map<ASN1ObjectIdentifier, String> HASHES =
      Map.of(
          NISTObjectIdentifiers.id_sha256, "SHA-256",
          NISTObjectIdentifiers.id_sha384, "SHA-384",
          NISTObjectIdentifiers.id_sha512, "SHA-512");

  private static final Set<ASN1ObjectIdentifier> SIGNATURE_ALGORITHMS =
      Set.of(
          PKCSObjectIdentifiers.rsaEncryption,
          PKCSObjectIdentifiers.sha256WithRSAEncryption,
          PKCSObjectIdentifiers.sha384WithRSAEncryption,
          PKCSObjectIdentifiers.sha512WithRSAEncryption,
          PKCSObjectIdentifiers.id_RSASSA_PSS,
          X9ObjectIdentifiers.id_ecPublicKey,
          X9ObjectIdentifiers.ecdsa_with_SHA256,
          X9ObjectIdentifiers.ecdsa_with_SHA384,
          X9ObjectIdentifiers.ecdsa_with_SHA512);

  /** BouncyCastle for CMS signature checks (RSASSA-PSS parameters), created on first use. */
  private static final class Bc {
    static final Provider PROVIDER = new org.bouncycastle.jce.provider.BouncyCastleProvider();
  }

  private TimestampTokens() {}

  /**
   * Verifies {@code token} as a timestamp over {@code timestamped} against {@code tsaRoots}.
   *
   * @param token the DER (or BER) TimeStampToken (a ContentInfo with SignedData)
   * @param timestamped the bytes the timestamp must cover (the raw signature bytes of an envelope)
   * @param tsaRoots the trusted TSA root certificates
   * @return the verified timestamp
   * @throws VerificationFailure with {@link Check#AUTHENTIC_TIMESTAMP} for any defect
   */
  public static VerifiedTimestamp verify(
      byte[] token, byte[] timestamped, List<X509Certificate> tsaRoots) throws VerificationFailure {
    try {
      return verifyUnchecked(token, timestamped, tsaRoots);
    } catch (VerificationFailure f) {
      throw f;
    } catch (RuntimeException | StackOverflowError e) {
      // Defence in depth: a parser bug on hostile input must still be a typed failure.
      throw fail("the timestamp token is malformed: unexpected " + e.getClass().getSimpleName(), e);
    }
  }

  private static VerifiedTimestamp verifyUnchecked(
      byte[] token, byte[] timestamped, List<X509Certificate> tsaRoots) throws VerificationFailure {
    if (token == null || token.length == 0 || token.length > MAX_TOKEN_BYTES) {
      throw fail("the timestamp token is empty or larger than " + MAX_TOKEN_BYTES + " bytes", null);
    }
    if (tsaRoots.isEmpty()) {
      throw fail("no trusted TSA root certificates are configured", null);
    }
    // Before anything else reads the token: the carried certificates as received.
    List<X509Certificate> certs = certificates(token);
    CMSSignedData cms = parse(token);
    if (cms.getVersion() != 3) {
      throw fail(
          "the timestamp token's SignedData has version "
              + cms.getVersion()
              + ", version 3 is required",
          null);
    }
    if (!ID_CT_TSTINFO.getId().equals(cms.getSignedContentTypeOID())) {
      throw fail(
          "the timestamp token's content type is "
              + cms.getSignedContentTypeOID()
              + ", not id-ct-TSTInfo (1.2.840.113549.1.9.16.1.4)",
          null);
    }
    Object content = cms.getSignedContent() == null ? null : cms.getSignedContent().getContent();
    if (!(content instanceof byte[] tstBytes)) {
      throw fail("the timestamp token has no encapsulated TSTInfo", null);
    }
    TSTInfo tst = parseTstInfo(tstBytes);

    // message imprint
    AlgorithmIdentifier imprintAlg = tst.getMessageImprint().getHashAlgorithm();
    String hash = HASHES.get(imprintAlg.getAlgorithm());
    if (hash == null || !absentOrNull(imprintAlg.getParameters())) {
      throw fail(
          "the timestamp token's message imprint uses the unsupported hash algorithm "
              + imprintAlg.getAlgorithm()
              + " (SHA-256, SHA-384 or SHA-512 are accepted)",
          null);
    }
    byte[] expected = digest(hash, timestamped);
    if (!MessageDigest.isEqual(expected, tst.getMessageImprint().getHashedMessage())) {
      throw fail(
          "the timestamp token's message imprint does not match the "
              + hash
              + " hash of the signature: the timestamp is for other bytes",
          null);
    }

    Instant genTime;
    try {
      genTime = tst.getGenTime().getDate().toInstant();
    } catch (java.text.ParseException e) {
      throw fail("the timestamp token's genTime cannot be parsed", e);
    }
    Duration accuracy = accuracy(tst);

    checkDigestAlgorithms(cms);
    Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
    if (signers.isEmpty() || signers.size() > MAX_SIGNERS) {
      throw fail(
          "the timestamp token has "
              + signers.size()
              + " signers, 1 to "
              + MAX_SIGNERS
              + " allowed",
          null);
    }
    VerificationFailure first = null;
    for (SignerInformation signer : signers) {
      try {
        X509Certificate tsaCert = verifySigner(signer, certs, cms.getDigestAlgorithmIDs());
        List<X509Certificate> chain = buildChain(tsaCert, certs, tsaRoots, genTime);
        checkSigningTimeAttribute(signer, chain);
        checkCarriedCertificates(certs, chain, tsaRoots);
        return new VerifiedTimestamp(genTime, accuracy, chain);
      } catch (VerificationFailure f) {
        if (first == null) {
          first = f;
        }
      }
    }
    throw first;
  }

  /**
   * The SignedData's digestAlgorithms (not covered by the signature) may name only supported hashes
   * with absent or NULL parameters, so that tampering with them is not silently ignored.
   */
  private static void checkDigestAlgorithms(CMSSignedData cms) throws VerificationFailure {
    Set<AlgorithmIdentifier> algs = cms.getDigestAlgorithmIDs();
    if (algs.isEmpty()) {
      throw fail("the timestamp token's SignedData lists no digest algorithm", null);
    }
    for (AlgorithmIdentifier a : algs) {
      if (!HASHES.containsKey(a.getAlgorithm()) || !absentOrNull(a.getParameters())) {
        throw fail(
            "the timestamp token's SignedData lists the unsupported digest algorithm "
                + a.getAlgorithm(),
            null);
      }
    }
  }

  /**
   * Certificates the token carries besides the validated chain must still be genuine (issued by a
   * carried certificate or a trusted root, or validly self-signed): the certificate set is not
   * covered by the token's signature, and a damaged certificate means a damaged token.
   */
  @SuppressWarnings(
      "ReferenceEquality") // a certificate is not its own issuer candidate: the same object
  private static void checkCarriedCertificates(
      List<X509Certificate> certs, List<X509Certificate> chain, List<X509Certificate> roots)
      throws VerificationFailure {
    for (X509Certificate c : certs) {
      if (chain.contains(c)) {
        continue;
      }
      boolean genuine = issuedBy(c, c) || issuerAmong(c, roots).isPresent();
      for (int i = 0; !genuine && i < certs.size(); i++) {
        genuine = certs.get(i) != c && issuedBy(c, certs.get(i));
      }
      if (!genuine) {
        throw fail(
            "the timestamp token carries the certificate \""
                + Subjects.of(c)
                + "\" whose signature does not verify",
            null);
      }
    }
  }

  private static CMSSignedData parse(byte[] token) throws VerificationFailure {
    try (ASN1InputStream in = new ASN1InputStream(new ByteArrayInputStream(token), token.length)) {
      ASN1Primitive p = in.readObject();
      if (p == null || in.available() > 0 || in.readObject() != null) {
        throw fail(
            "the timestamp token is not one DER ContentInfo (trailing or missing data)", null);
      }
      ContentInfo ci = ContentInfo.getInstance(p);
      if (!PKCSObjectIdentifiers.signedData.equals(ci.getContentType())) {
        throw fail("the timestamp token is not a CMS SignedData", null);
      }
      return new CMSSignedData(ci);
    } catch (VerificationFailure f) {
      throw f;
    } catch (IOException | org.bouncycastle.cms.CMSException | IllegalArgumentException e) {
      throw fail("the timestamp token is not a valid CMS SignedData: " + e.getMessage(), e);
    }
  }

  private static TSTInfo parseTstInfo(byte[] bytes) throws VerificationFailure {
    TSTInfo tst;
    try {
      tst = TSTInfo.getInstance(ASN1Primitive.fromByteArray(bytes));
    } catch (IOException | IllegalArgumentException e) {
      throw fail("the timestamp token's TSTInfo is malformed: " + e.getMessage(), e);
    }
    if (tst == null || !tst.getVersion().hasValue(1)) {
      throw fail("the timestamp token's TSTInfo version is not 1", null);
    }
    return tst;
  }

  private static Duration accuracy(TSTInfo tst) throws VerificationFailure {
    Accuracy a = tst.getAccuracy();
    if (a == null) {
      return BASELINE_POLICY.equals(tst.getPolicy()) ? Duration.ofSeconds(1) : Duration.ZERO;
    }
    long seconds = small(a.getSeconds(), Integer.MAX_VALUE, "seconds");
    long millis = small(a.getMillis(), 999, "millis");
    long micros = small(a.getMicros(), 999, "micros");
    return Duration.ofSeconds(seconds).plusMillis(millis).plusNanos(micros * 1000);
  }

  private static long small(ASN1Integer v, long max, String field) throws VerificationFailure {
    if (v == null) {
      return 0;
    }
    BigInteger b = v.getValue();
    if (b.signum() < 0 || b.compareTo(BigInteger.valueOf(max)) > 0) {
      throw fail("the timestamp token's accuracy " + field + " is out of range", null);
    }
    return b.longValueExact();
  }

  /**
   * The certificates the token carries, each checked as strict DER on its exact bytes in the token
   * (not on a parser's re-encoding, which would hide a long-form length or non-zero unused bits).
   * Only X.509 certificates may be carried: another CertificateChoices entry (an attribute
   * certificate, a certificate whose tag was altered) is not silently skipped.
   */
  private static List<X509Certificate> certificates(byte[] token) throws VerificationFailure {
    List<byte[]> raw;
    try {
      raw = CarriedCertificates.of(token, MAX_CERTIFICATES);
    } catch (IllegalArgumentException e) {
      throw fail("the timestamp token's certificate set cannot be read: " + e.getMessage(), null);
    }
    List<X509Certificate> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      if ((raw.get(i)[0] & 0xff) != 0x30) {
        throw fail(
            "the timestamp token's certificate set holds entries that are not certificates", null);
      }
      try {
        // The shared strict-DER kit: bounded, canonical DER certificates only.
        out.add(Der.certificate(raw.get(i)));
      } catch (MalformedException e) {
        throw fail(
            "certificate "
                + i
                + " in the timestamp token is not a strict DER certificate: "
                + e.getMessage(),
            e);
      }
    }
    return out;
  }

  /** Checks one SignerInfo; returns the TSA certificate it is bound to. */
  private static X509Certificate verifySigner(
      SignerInformation signer, List<X509Certificate> certs, Set<AlgorithmIdentifier> digestAlgs)
      throws VerificationFailure {
    if (signer.getVersion() != 1) {
      throw fail(
          "the timestamp token's SignerInfo has version "
              + signer.getVersion()
              + "; only version 1 (issuer and serial number) is supported",
          null);
    }
    if (!HASHES.containsKey(new ASN1ObjectIdentifier(signer.getDigestAlgOID()))
        || digestAlgs.stream()
            .noneMatch(a -> a.getAlgorithm().getId().equals(signer.getDigestAlgOID()))
        || !SIGNATURE_ALGORITHMS.contains(new ASN1ObjectIdentifier(signer.getEncryptionAlgOID()))) {
      throw fail(
          "the timestamp token is signed with an unsupported algorithm (digest "
              + signer.getDigestAlgOID()
              + ", signature "
              + signer.getEncryptionAlgOID()
              + ")",
          null);
    }
    AttributeTable signed = signer.getSignedAttributes();
    if (signed == null) {
      throw fail("the timestamp token's SignerInfo has no signed attributes", null);
    }
    Attribute contentType = single(signed, CMSAttributes.contentType, "content type");
    if (!ID_CT_TSTINFO.equals(contentType.getAttrValues().getObjectAt(0))) {
      throw fail("the timestamp token's content-type attribute is not id-ct-TSTInfo", null);
    }
    single(signed, CMSAttributes.messageDigest, "message digest");
    Attribute essV2 =
        single(signed, PKCSObjectIdentifiers.id_aa_signingCertificateV2, "signingCertificateV2");
    ESSCertIDv2[] ids =
        SigningCertificateV2.getInstance(essV2.getAttrValues().getObjectAt(0)).getCerts();
    if (ids.length == 0) {
      throw fail("the timestamp token's signingCertificateV2 attribute names no certificate", null);
    }
    // RFC 5035: the first ESSCertIDv2 identifies the signer's certificate.
    ESSCertIDv2 id = ids[0];
    X509Certificate cert = boundCertificate(id, signer, certs);
    try {
      boolean ok =
          signer.verify(
              new JcaSimpleSignerInfoVerifierBuilder().setProvider(Bc.PROVIDER).build(cert));
      if (!ok) {
        throw fail("the timestamp token's signature does not verify", null);
      }
    } catch (VerificationFailure f) {
      throw f;
    } catch (org.bouncycastle.cms.CMSException
        | org.bouncycastle.operator.OperatorCreationException
        | RuntimeException e) {
      throw fail("the timestamp token's signature does not verify: " + e.getMessage(), e);
    }
    return cert;
  }

  private static Attribute single(AttributeTable table, ASN1ObjectIdentifier oid, String name)
      throws VerificationFailure {
    org.bouncycastle.asn1.ASN1EncodableVector all = table.getAll(oid);
    if (all.size() != 1 || Attribute.getInstance(all.get(0)).getAttrValues().size() != 1) {
      throw fail(
          "the timestamp token's signed attributes must hold exactly one " + name + " attribute",
          null);
    }
    return Attribute.getInstance(all.get(0));
  }

  private static X509Certificate boundCertificate(
      ESSCertIDv2 id, SignerInformation signer, List<X509Certificate> certs)
      throws VerificationFailure {
    AlgorithmIdentifier alg = id.getHashAlgorithm();
    String hash = HASHES.get(alg.getAlgorithm());
    if (hash == null) {
      throw fail(
          "the timestamp token's signingCertificateV2 uses the unsupported hash algorithm "
              + alg.getAlgorithm(),
          null);
    }
    BigInteger sidSerial = signer.getSID().getSerialNumber();
    for (X509Certificate c : certs) {
      byte[] der;
      try {
        der = c.getEncoded();
      } catch (java.security.cert.CertificateEncodingException e) {
        continue;
      }
      if (!MessageDigest.isEqual(digest(hash, der), id.getCertHash())) {
        continue;
      }
      if (sidSerial == null
          || !sidSerial.equals(c.getSerialNumber())
          || signer.getSID().getIssuer() == null
          || !Arrays.equals(
              encoded(signer.getSID().getIssuer()), c.getIssuerX500Principal().getEncoded())) {
        throw fail(
            "the certificate named by the timestamp token's signingCertificateV2 is not the"
                + " SignerInfo's signer (issuer and serial number differ)",
            null);
      }
      IssuerSerial is = id.getIssuerSerial();
      if (is != null && !issuerSerialMatches(is, c)) {
        throw fail(
            "the issuerSerial of the timestamp token's signingCertificateV2 does not match the"
                + " signing certificate",
            null);
      }
      return c;
    }
    throw fail(
        "the timestamp token does not carry the signing certificate that its signingCertificateV2"
            + " attribute names",
        null);
  }

  private static boolean issuerSerialMatches(IssuerSerial is, X509Certificate c) {
    if (!is.getSerial().getValue().equals(c.getSerialNumber())) {
      return false;
    }
    for (GeneralName n : is.getIssuer().getNames()) {
      if (n.getTagNo() == GeneralName.directoryName
          && Arrays.equals(encoded(n.getName()), c.getIssuerX500Principal().getEncoded())) {
        return true;
      }
    }
    return false;
  }

  private static byte[] encoded(ASN1Encodable e) {
    try {
      return e.toASN1Primitive().getEncoded("DER");
    } catch (IOException ex) {
      return new byte[0];
    }
  }

  /**
   * Builds the chain from the TSA certificate through the token's certificates to a trusted root,
   * with every certificate valid at genTime, and applies the timestamping certificate rules.
   */
  private static List<X509Certificate> buildChain(
      X509Certificate tsaCert,
      List<X509Certificate> certs,
      List<X509Certificate> roots,
      Instant genTime)
      throws VerificationFailure {
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(tsaCert);
    Set<X509Certificate> used = new HashSet<>();
    used.add(tsaCert);
    X509Certificate current = tsaCert;
    while (true) {
      if (isTrustedRoot(current, roots)) {
        break;
      }
      Optional<X509Certificate> root = issuerAmong(current, roots);
      if (root.isPresent()) {
        chain.add(root.get());
        break;
      }
      Optional<X509Certificate> next = Optional.empty();
      for (X509Certificate c : certs) {
        if (!used.contains(c) && issuedBy(current, c)) {
          next = Optional.of(c);
          break;
        }
      }
      if (next.isEmpty() || chain.size() >= MAX_CHAIN_LENGTH) {
        throw fail(
            "failed to verify the timestamp token's certificate chain: certificate \""
                + Subjects.of(current)
                + "\" is not issued by a trusted tsa root (issuer \""
                + Subjects.issuerOf(current)
                + "\"): x509: certificate signed by unknown authority",
            null);
      }
      used.add(next.get());
      chain.add(next.get());
      current = next.get();
    }
    for (X509Certificate c : chain) {
      if (genTime.isBefore(c.getNotBefore().toInstant())
          || genTime.isAfter(c.getNotAfter().toInstant())) {
        throw fail(
            "the TSA certificate \""
                + Subjects.of(c)
                + "\" was not valid at the timestamp's genTime "
                + genTime,
            null);
      }
    }
    try {
      CertificateRules.validateTimestampingChain(chain);
    } catch (VerificationFailure f) {
      throw fail("invalid TSA certificate chain: " + f.reason(), f);
    }
    return List.copyOf(chain);
  }

  private static boolean isTrustedRoot(X509Certificate c, List<X509Certificate> roots) {
    for (X509Certificate r : roots) {
      if (r.equals(c)) {
        return true;
      }
    }
    return false;
  }

  private static Optional<X509Certificate> issuerAmong(
      X509Certificate c, List<X509Certificate> roots) {
    for (X509Certificate r : roots) {
      if (issuedBy(c, r)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  private static boolean issuedBy(X509Certificate c, X509Certificate issuer) {
    if (!c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      return false;
    }
    try {
      c.verify(issuer.getPublicKey());
      return true;
    } catch (Exception e) {
      try {
        c.verify(issuer.getPublicKey(), Bc.PROVIDER);
        return true;
      } catch (Exception again) {
        return false;
      }
    }
  }

  /** A signingTime signed attribute, when present, must lie inside the TSA chain's validity. */
  private static void checkSigningTimeAttribute(
      SignerInformation signer, List<X509Certificate> chain) throws VerificationFailure {
    Attribute st = signer.getSignedAttributes().get(CMSAttributes.signingTime);
    if (st == null) {
      return;
    }
    Instant t;
    try {
      t = Time.getInstance(st.getAttrValues().getObjectAt(0)).getDate().toInstant();
    } catch (RuntimeException e) {
      throw fail("the timestamp token's signingTime attribute is malformed", e);
    }
    for (X509Certificate c : chain) {
      if (t.isBefore(c.getNotBefore().toInstant()) || t.isAfter(c.getNotAfter().toInstant())) {
        throw fail(
            "the timestamp token's signingTime "
                + t
                + " is outside the validity of TSA certificate \""
                + Subjects.of(c)
                + "\"",
            null);
      }
    }
  }

  private static boolean absentOrNull(ASN1Encodable params) {
    return params == null || DERNull.INSTANCE.equals(params);
  }

  static byte[] digest(String jcaName, byte[] data) {
    try {
      return MessageDigest.getInstance(jcaName).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jcaName + " is a required JDK algorithm", e);
    }
  }

  private static VerificationFailure fail(String reason, Throwable cause) {
    return cause == null
        ? new VerificationFailure(Check.AUTHENTIC_TIMESTAMP, reason)
        : new VerificationFailure(Check.AUTHENTIC_TIMESTAMP, reason, cause);
  }
}
