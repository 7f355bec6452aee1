package io.ratify.notation.testing;

import io.ratify.api.testing.TestPki;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A small certificate authority <strong>for demos and tests</strong>: it makes root and
 * intermediate CAs and leaf certificates (code signing, timestamping, or anything a {@link
 * CertificateProfile} describes, including certificates that break the Notary Project rules on
 * purpose). Keys are generated and kept in memory, unprotected; never use it for real signing
 * identities. Certificates are made by ratify-api's {@link TestPki} (strict DER, JDK only), the
 * project's one certificate generator; this class adds the Notary Project profiles.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CertificateAuthority {
  private static final SecureRandom RANDOM = new SecureRandom();

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
    X509Certificate cert = build(profile, kp, null);
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
    X509Certificate cert = build(profile, kp, null);
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
    X509Certificate cert = build(profile, subjectKeys, new TestPki.Issued(certificate(), keyPair));
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

  /** {@code issuer} is null for a self-signed certificate. */
  private static X509Certificate build(
      CertificateProfile p, KeyPair subjectKeys, TestPki.Issued issuer) {
    // TestPki's default signature algorithm is the SHA-2 that matches the issuer's key
    TestPki.Builder b =
        TestPki.certificate(p.subject())
            .keyPair(subjectKeys)
            .serial(new BigInteger(63, RANDOM).add(BigInteger.ONE))
            .validity(p.notBefore(), p.notAfter())
            .keyIdentifiers();
    p.signatureAlgorithm().ifPresent(b::signatureAlgorithm);
    if (issuer != null) {
      b.issuer(issuer);
    }
    if (p.basicConstraints()) {
      OptionalInt pathLength =
          p.ca() && p.pathLength().isPresent()
              ? OptionalInt.of(p.pathLength().get())
              : OptionalInt.empty();
      b.basicConstraints(p.ca(), pathLength, p.basicConstraintsCritical());
    } else {
      b.noBasicConstraints();
    }
    if (p.keyUsage().isEmpty()) {
      b.noKeyUsage();
    } else {
      b.keyUsage(p.keyUsage().stream().mapToInt(CertificateAuthority::bit).toArray())
          .keyUsageCritical(p.keyUsageCritical());
    }
    b.extendedKeyUsage(p.extendedKeyUsage().toArray(new String[0]))
        .extendedKeyUsageCritical(p.extendedKeyUsageCritical());
    p.ocspUrls().forEach(b::ocspUrl);
    p.crlUrls().forEach(b::crlUrl);
    try {
      return b.issue().certificate();
    } catch (IllegalStateException e) {
      throw new IllegalStateException("cannot make the certificate " + p.subject(), e);
    }
  }

  /** The bit number of RFC 5280's KeyUsage. */
  private static int bit(CertificateProfile.KeyUsage u) {
    switch (u) {
      case DIGITAL_SIGNATURE:
        return 0;
      case NON_REPUDIATION:
        return 1;
      case KEY_ENCIPHERMENT:
        return 2;
      case DATA_ENCIPHERMENT:
        return 3;
      case KEY_AGREEMENT:
        return 4;
      case KEY_CERT_SIGN:
        return 5;
      case CRL_SIGN:
        return 6;
      case ENCIPHER_ONLY:
        return 7;
      default:
        return 8;
    }
  }
}
