package io.ratify.keyvault.testing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Makes certificates, chains and containers for tests (BouncyCastle, test scope only). */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(1000);

  /**
   * A certificate with its key.
   *
   * @param certificate the certificate
   * @param keyPair its key pair
   */
  public record Issued(X509Certificate certificate, KeyPair keyPair) {}

  /**
   * A three-certificate chain, leaf first.
   *
   * @param leaf the signing certificate
   * @param intermediate its issuer
   * @param root the self-signed root
   */
  public record Chain(Issued leaf, Issued intermediate, Issued root) {
    public List<X509Certificate> certificates() {
      return List.of(leaf.certificate(), intermediate.certificate(), root.certificate());
    }
  }

  private TestPki() {}

  public static KeyPair ecKeyPair(String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(curve));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static KeyPair rsaKeyPair(int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A chain of EC P-256 certificates: root CA, intermediate CA, leaf (CN {@code leafName}). */
  public static Chain chain(String leafName) {
    Issued root = issue("CN=Test Root " + leafName, ecKeyPair("secp256r1"), null, true, null);
    Issued intermediate =
        issue("CN=Test Intermediate " + leafName, ecKeyPair("secp256r1"), root, true, null);
    Issued leaf = issue("CN=" + leafName, ecKeyPair("secp256r1"), intermediate, false, null);
    return new Chain(leaf, intermediate, root);
  }

  /** A self-signed TLS server certificate for {@code 127.0.0.1}. */
  public static Issued tlsServer() {
    return issue("CN=127.0.0.1", ecKeyPair("secp256r1"), null, false, "127.0.0.1");
  }

  /** Issues a certificate for {@code keyPair}, signed by {@code issuer} (self-signed when null). */
  public static Issued issue(
      String subject, KeyPair keyPair, Issued issuer, boolean ca, String ipSan) {
    try {
      Instant now = Instant.now();
      X500Name name = new X500Name(subject);
      X500Name issuerName =
          issuer == null
              ? name
              : new X500Name(issuer.certificate().getSubjectX500Principal().getName());
      PrivateKey signingKey = issuer == null ? keyPair.getPrivate() : issuer.keyPair().getPrivate();
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuerName,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(now.minus(1, ChronoUnit.HOURS)),
              Date.from(now.plus(1, ChronoUnit.DAYS)),
              name,
              keyPair.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (ipSan != null) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(new GeneralName(GeneralName.iPAddress, ipSan)));
      }
      String alg = signingKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      X509Certificate c =
          new JcaX509CertificateConverter()
              .getCertificate(b.build(new JcaContentSignerBuilder(alg).build(signingKey)));
      return new Issued(c, keyPair);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** PEM text of certificates. */
  public static String pem(List<X509Certificate> certificates) {
    StringBuilder b = new StringBuilder();
    for (X509Certificate c : certificates) {
      try {
        b.append(pemBlock("CERTIFICATE", c.getEncoded()));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    return b.toString();
  }

  /** One PEM block. */
  public static String pemBlock(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** What Key Vault stores for a PEM certificate: the private key, then the chain. */
  public static String keyVaultPem(Chain chain) {
    return pemBlock("PRIVATE KEY", chain.leaf().keyPair().getPrivate().getEncoded())
        + pem(chain.certificates());
  }

  /**
   * A base64 PKCS12 container with the leaf key and the chain, under the empty password (Key
   * Vault's export).
   */
  public static String keyVaultPkcs12(Chain chain) {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry(
          "signer",
          chain.leaf().keyPair().getPrivate(),
          new char[0],
          chain.certificates().toArray(new X509Certificate[0]));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ks.store(out, new char[0]);
      return Base64.getEncoder().encodeToString(out.toByteArray());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
