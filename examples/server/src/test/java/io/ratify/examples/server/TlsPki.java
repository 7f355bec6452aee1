package io.ratify.examples.server;

import io.ratify.api.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away CA issuing TLS server and client certificates (EC P-256), for tests; the
 * certificates come from the project's one test PKI ({@link TestPki}).
 */
final class TlsPki {
  private static final char[] PW = "test".toCharArray();

  /** A key and its certificate (issued by {@link #ca}). */
  record Issued(PrivateKey key, X509Certificate cert, X509Certificate ca) {
    /** Writes cert (chain) and key PEM files. */
    void write(Path certFile, Path keyFile) throws Exception {
      Files.writeString(certFile, TestPki.pemBlock("CERTIFICATE", cert.getEncoded()));
      Files.writeString(keyFile, TestPki.pemBlock("PRIVATE KEY", key.getEncoded()));
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
  private final TestPki.Issued issuer;

  private TlsPki(TestPki.Issued issuer) {
    this.issuer = issuer;
    this.caKeys = issuer.keyPair();
    this.ca = issuer.certificate();
  }

  /** A self-signed CA: basicConstraints CA true (critical), no key usage. */
  static TlsPki create(String name) {
    return new TlsPki(
        TestPki.certificate("CN=" + name).ca().noKeyUsage().validFor(Duration.ofDays(1)).issue());
  }

  Issued server(String cn) {
    return issue(cn, TestPki.SERVER_AUTH);
  }

  Issued client(String cn) {
    return issue(cn, "1.3.6.1.5.5.7.3.2"); // id-kp-clientAuth
  }

  /** basicConstraints CA false (critical), the one EKU, SANs 127.0.0.1 and localhost. */
  private Issued issue(String cn, String purpose) {
    TestPki.Issued leaf =
        TestPki.certificate("CN=" + cn)
            .issuer(issuer)
            .noKeyUsage()
            .extendedKeyUsage(purpose)
            .ipAddress("127.0.0.1")
            .dnsName("localhost")
            .validFor(Duration.ofDays(1))
            .issue();
    return new Issued(leaf.keyPair().getPrivate(), leaf.certificate(), ca);
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
    Files.writeString(file, TestPki.pemBlock("CERTIFICATE", ca.getEncoded()));
  }
}
