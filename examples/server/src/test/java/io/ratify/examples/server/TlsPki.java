package io.ratify.examples.server;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away CA issuing TLS server and client certificates (EC P-256), for tests. */
final class TlsPki {
  private static final char[] PW = "test".toCharArray();

  /** A key and its certificate (issued by {@link #ca}). */
  record Issued(PrivateKey key, X509Certificate cert, X509Certificate ca) {
    /** Writes cert (chain) and key PEM files. */
    void write(Path certFile, Path keyFile) throws Exception {
      Files.writeString(certFile, pem("CERTIFICATE", cert.getEncoded()));
      Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
    }

    /** An SSL context presenting this certificate and trusting {@code trusted}. */
    SSLContext clientContext(X509Certificate trusted) throws Exception {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("c", key, PW, new X509Certificate[] {cert});
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PW);
      SSLContext c = SSLContext.getInstance("TLS");
      c.init(kmf.getKeyManagers(), trustManagers(trusted), new SecureRandom());
      return c;
    }
  }

  final KeyPair caKeys;
  final X509Certificate ca;

  private TlsPki(KeyPair caKeys, X509Certificate ca) {
    this.caKeys = caKeys;
    this.ca = ca;
  }

  static TlsPki create(String name) throws Exception {
    KeyPair kp = keys();
    X500Name n = new X500Name("CN=" + name);
    JcaX509v3CertificateBuilder b = builder(n, n, kp);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    return new TlsPki(kp, sign(b, kp.getPrivate()));
  }

  Issued server(String cn) throws Exception {
    return issue(cn, KeyPurposeId.id_kp_serverAuth);
  }

  Issued client(String cn) throws Exception {
    return issue(cn, KeyPurposeId.id_kp_clientAuth);
  }

  private Issued issue(String cn, KeyPurposeId purpose) throws Exception {
    KeyPair kp = keys();
    JcaX509v3CertificateBuilder b =
        builder(new X500Name(ca.getSubjectX500Principal().getName()), new X500Name("CN=" + cn), kp);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
    b.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost")
            }));
    return new Issued(kp.getPrivate(), sign(b, caKeys.getPrivate()), ca);
  }

  /** An SSL context that trusts {@code trusted} and presents no certificate. */
  static SSLContext trusting(X509Certificate trusted) throws Exception {
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(null, trustManagers(trusted), new SecureRandom());
    return c;
  }

  private static javax.net.ssl.TrustManager[] trustManagers(X509Certificate trusted)
      throws Exception {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca", trusted);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    return tmf.getTrustManagers();
  }

  void writeCa(Path file) throws Exception {
    Files.writeString(file, pem("CERTIFICATE", ca.getEncoded()));
  }

  private static KeyPair keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static JcaX509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, KeyPair kp) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(64, new SecureRandom()),
        Date.from(now.minus(Duration.ofMinutes(5))),
        Date.from(now.plus(Duration.ofDays(1))),
        subject,
        kp.getPublic());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey k)
      throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(k)));
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
