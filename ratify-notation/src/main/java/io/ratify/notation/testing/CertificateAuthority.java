package io.ratify.notation.testing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small certificate authority <strong>for demos and tests</strong>: it makes root and
 * intermediate CAs and leaf certificates (code signing, timestamping, or anything a {@link
 * CertificateProfile} describes, including certificates that break the Notary Project rules on
 * purpose). Keys are generated and kept in memory, unprotected; never use it for real signing
 * identities.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CertificateAuthority {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final BouncyCastleProvider BC = new BouncyCastleProvider();

  private final KeyPair keyPair;
  private final List<X509Certificate> chain;

  private CertificateAuthority(KeyPair keyPair, List<X509Certificate> chain) {
    this.keyPair = keyPair;
    this.chain = List.copyOf(chain);
  }

  /**
   * A self-signed root CA with the default {@link CertificateProfile#ca CA profile}.
   *
   * @param subject the subject
   * @param keySpec the key spec
   * @return a self-signed root CA with the default {@link CertificateProfile#ca CA profile}
   */
  public static CertificateAuthority root(String subject, KeySpec keySpec) {
    return root(CertificateProfile.ca(subject), keySpec);
  }

  /**
   * A self-signed root made from {@code profile} (which may break the CA rules on purpose).
   *
   * @param profile the profile
   * @param keySpec the key spec
   * @return a self-signed root made from {@code profile} (which may break the CA rules on purpose)
   */
  public static CertificateAuthority root(CertificateProfile profile, KeySpec keySpec) {
    KeyPair kp = generateKeyPair(keySpec);
    X509Certificate cert =
        build(
            profile,
            kp.getPublic(),
            new X500Principal(profile.subject()),
            kp.getPrivate(),
            kp.getPublic());
    return new CertificateAuthority(kp, List.of(cert));
  }

  /**
   * A self-signed certificate made from {@code profile}, e.g. a single-certificate signing chain.
   *
   * @param profile the profile
   * @param keySpec the key spec
   * @return a self-signed certificate made from {@code profile}, e.g
   */
  public static IssuedCertificate selfSigned(CertificateProfile profile, KeySpec keySpec) {
    KeyPair kp = generateKeyPair(keySpec);
    X509Certificate cert =
        build(
            profile,
            kp.getPublic(),
            new X500Principal(profile.subject()),
            kp.getPrivate(),
            kp.getPublic());
    return new IssuedCertificate(kp.getPrivate(), cert, List.of(cert));
  }

  /**
   * An intermediate CA issued by this CA, with the default CA profile.
   *
   * @param subject the subject
   * @param keySpec the key spec
   * @return an intermediate CA issued by this CA, with the default CA profile
   */
  public CertificateAuthority intermediate(String subject, KeySpec keySpec) {
    return intermediate(CertificateProfile.ca(subject), keySpec);
  }

  /**
   * An intermediate CA issued by this CA from {@code profile}.
   *
   * @param profile the profile
   * @param keySpec the key spec
   * @return an intermediate CA issued by this CA from {@code profile}
   */
  public CertificateAuthority intermediate(CertificateProfile profile, KeySpec keySpec) {
    IssuedCertificate issued = issue(profile, keySpec);
    return new CertificateAuthority(
        new KeyPair(issued.certificate().getPublicKey(), issued.privateKey()), issued.chain());
  }

  /**
   * A code-signing leaf with the default {@link CertificateProfile#codeSigningLeaf profile}.
   *
   * @param subject the subject
   * @param keySpec the key spec
   * @return a code-signing leaf with the default {@link CertificateProfile#codeSigningLeaf profile}
   */
  public IssuedCertificate codeSigningLeaf(String subject, KeySpec keySpec) {
    return issue(CertificateProfile.codeSigningLeaf(subject), keySpec);
  }

  /**
   * A certificate issued by this CA from {@code profile}, with a new key.
   *
   * @param profile the profile
   * @param keySpec the key spec
   * @return a certificate issued by this CA from {@code profile}, with a new key
   */
  public IssuedCertificate issue(CertificateProfile profile, KeySpec keySpec) {
    return issue(profile, generateKeyPair(keySpec));
  }

  /**
   * A certificate issued by this CA from {@code profile}, for an existing key pair.
   *
   * @param profile the profile
   * @param subjectKeys the subject keys
   * @return a certificate issued by this CA from {@code profile}, for an existing key pair
   */
  public IssuedCertificate issue(CertificateProfile profile, KeyPair subjectKeys) {
    X509Certificate cert =
        build(
            profile,
            subjectKeys.getPublic(),
            certificate().getSubjectX500Principal(),
            keyPair.getPrivate(),
            keyPair.getPublic());
    List<X509Certificate> full = new ArrayList<>();
    full.add(cert);
    full.addAll(chain);
    return new IssuedCertificate(subjectKeys.getPrivate(), cert, full);
  }

  /**
   * This CA's certificate.
   *
   * @return this CA's certificate
   */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /**
   * This CA's chain, its own certificate first and the root last.
   *
   * @return this CA's chain, its own certificate first and the root last
   */
  public List<X509Certificate> chain() {
    return chain;
  }

  /**
   * This CA's private key (in memory; demos and tests only).
   *
   * @return this CA's private key (in memory; demos and tests only)
   */
  public PrivateKey privateKey() {
    return keyPair.getPrivate();
  }

  @Override
  public String toString() {
    return "CertificateAuthority[" + certificate().getSubjectX500Principal().getName() + "]";
  }

  /**
   * A fresh key pair of the given spec.
   *
   * @param spec the spec
   * @return a fresh key pair of the given spec
   */
  public static KeyPair generateKeyPair(KeySpec spec) {
    Objects.requireNonNull(spec, "spec");
    try {
      if (spec.algorithm().equals("RSA")) {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(spec.size(), RANDOM);
        return g.generateKeyPair();
      }
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp" + spec.size() + "r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a " + spec + " key", e);
    }
  }

  private static X509Certificate build(
      CertificateProfile p,
      PublicKey subjectKey,
      X500Principal issuer,
      PrivateKey issuerKey,
      PublicKey issuerPublic) {
    try {
      X500Principal subject = new X500Principal(p.subject());
      BigInteger serial = new BigInteger(63, RANDOM).add(BigInteger.ONE);
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer,
              serial,
              Date.from(p.notBefore()),
              Date.from(p.notAfter()),
              subject,
              subjectKey);
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
      if (!issuerPublic.equals(subjectKey)) {
        b.addExtension(
            Extension.authorityKeyIdentifier,
            false,
            ext.createAuthorityKeyIdentifier(issuerPublic));
      }
      if (p.basicConstraints()) {
        BasicConstraints bc =
            p.ca() && p.pathLength().isPresent()
                ? new BasicConstraints(p.pathLength().get())
                : new BasicConstraints(p.ca());
        b.addExtension(Extension.basicConstraints, p.basicConstraintsCritical(), bc);
      }
      if (!p.keyUsage().isEmpty()) {
        b.addExtension(Extension.keyUsage, p.keyUsageCritical(), new KeyUsage(kuBits(p)));
      }
      if (!p.extendedKeyUsage().isEmpty()) {
        KeyPurposeId[] ids =
            p.extendedKeyUsage().stream()
                .map(o -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(o)))
                .toArray(KeyPurposeId[]::new);
        b.addExtension(
            Extension.extendedKeyUsage, p.extendedKeyUsageCritical(), new ExtendedKeyUsage(ids));
      }
      if (!p.ocspUrls().isEmpty()) {
        AccessDescription[] ads =
            p.ocspUrls().stream()
                .map(u -> new AccessDescription(AccessDescription.id_ad_ocsp, uri(u)))
                .toArray(AccessDescription[]::new);
        b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(ads));
      }
      if (!p.crlUrls().isEmpty()) {
        DistributionPoint[] dps =
            p.crlUrls().stream()
                .map(
                    u ->
                        new DistributionPoint(
                            new DistributionPointName(new GeneralNames(uri(u))), null, null))
                .toArray(DistributionPoint[]::new);
        b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(dps));
      }
      String sigAlg =
          p.signatureAlgorithm().orElseGet(() -> defaultSignatureAlgorithm(issuerPublic));
      JcaContentSignerBuilder sb = new JcaContentSignerBuilder(sigAlg);
      if (!isJdkCurve(issuerPublic)) {
        sb.setProvider(BC);
      }
      return new JcaX509CertificateConverter().getCertificate(b.build(sb.build(issuerKey)));
    } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
      throw new IllegalStateException("cannot make the certificate " + p.subject(), e);
    }
  }

  private static GeneralName uri(String u) {
    return new GeneralName(GeneralName.uniformResourceIdentifier, u);
  }

  private static int kuBits(CertificateProfile p) {
    int bits = 0;
    for (CertificateProfile.KeyUsage u : p.keyUsage()) {
      switch (u) {
        case DIGITAL_SIGNATURE:
          bits |= KeyUsage.digitalSignature;
          break;
        case NON_REPUDIATION:
          bits |= KeyUsage.nonRepudiation;
          break;
        case KEY_ENCIPHERMENT:
          bits |= KeyUsage.keyEncipherment;
          break;
        case DATA_ENCIPHERMENT:
          bits |= KeyUsage.dataEncipherment;
          break;
        case KEY_AGREEMENT:
          bits |= KeyUsage.keyAgreement;
          break;
        case KEY_CERT_SIGN:
          bits |= KeyUsage.keyCertSign;
          break;
        case CRL_SIGN:
          bits |= KeyUsage.cRLSign;
          break;
        case ENCIPHER_ONLY:
          bits |= KeyUsage.encipherOnly;
          break;
        default:
          bits |= KeyUsage.decipherOnly;
          break;
      }
    }
    return bits;
  }

  private static boolean isJdkCurve(PublicKey key) {
    return !(key instanceof ECPublicKey ec)
        || ec.getParams().getCurve().getField().getFieldSize() != 224;
  }

  private static String defaultSignatureAlgorithm(PublicKey issuer) {
    if (issuer instanceof RSAPublicKey rsa) {
      int bits = rsa.getModulus().bitLength();
      return bits > 3072 ? "SHA512withRSA" : bits > 2048 ? "SHA384withRSA" : "SHA256withRSA";
    }
    int size = ((ECPublicKey) issuer).getParams().getCurve().getField().getFieldSize();
    return size > 384 ? "SHA512withECDSA" : size > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
  }
}
