package io.ratify.examples.server.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads PEM certificate chains and private keys (PKCS#8, PKCS#1 RSA, SEC1 EC) into key stores for
 * the TLS layer. Encrypted keys are refused: Kubernetes secrets hold plain keys.
 */
public final class Pem {
  /** A PEM file larger than this is refused. */
  public static final int MAX_BYTES = 1 << 20;

  /** The password of the in-memory key stores (never leaves the process). */
  static final char[] STORE_PASSWORD = "ratify-in-memory".toCharArray();

  private Pem() {}

  static String read(Path p) throws IOException {
    long size = Files.size(p);
    if (size > MAX_BYTES) {
      throw new IOException(p + " has " + size + " bytes, more than " + MAX_BYTES);
    }
    return Files.readString(p, StandardCharsets.US_ASCII);
  }

  /** The certificates of a PEM file, in file order. */
  public static List<X509Certificate> certificates(String pem) throws IOException {
    List<X509Certificate> out = new ArrayList<>();
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o;
      while ((o = p.readObject()) != null) {
        if (o instanceof X509CertificateHolder h) {
          out.add(new JcaX509CertificateConverter().getCertificate(h));
        }
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new IOException("malformed certificate PEM: " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IOException("no certificate in the PEM text");
    }
    return out;
  }

  /** The first private key of a PEM file. */
  public static PrivateKey privateKey(String pem) throws IOException {
    try (Reader r = new StringReader(pem);
        PEMParser p = new PEMParser(r)) {
      Object o;
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      while ((o = p.readObject()) != null) {
        if (o instanceof PEMKeyPair kp) {
          return conv.getPrivateKey(kp.getPrivateKeyInfo());
        }
        if (o instanceof PrivateKeyInfo pki) {
          return conv.getPrivateKey(pki);
        }
      }
    } catch (RuntimeException e) {
      throw new IOException("malformed private key PEM: " + e.getMessage(), e);
    }
    throw new IOException("no unencrypted private key in the PEM text");
  }

  /**
   * A key store holding {@code key} with {@code chain}, after checking that they belong together.
   */
  public static KeyStore keyStore(List<X509Certificate> chain, PrivateKey key) throws IOException {
    try {
      checkPair(key, chain.get(0).getPublicKey());
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("server", key, STORE_PASSWORD, chain.toArray(new Certificate[0]));
      return ks;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot build the key store: " + e.getMessage(), e);
    }
  }

  /** A trust store holding every certificate of {@code cas}. */
  public static KeyStore trustStore(List<X509Certificate> cas) throws IOException {
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      int i = 0;
      for (X509Certificate c : cas) {
        ks.setCertificateEntry("ca-" + i++, c);
      }
      return ks;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot build the trust store: " + e.getMessage(), e);
    }
  }

  private static void checkPair(PrivateKey key, PublicKey pub)
      throws GeneralSecurityException, IOException {
    String alg =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default -> null;
        };
    if (alg == null) {
      return; // an unusual key type: the handshake will tell
    }
    byte[] probe = new byte[32];
    new SecureRandom().nextBytes(probe);
    Signature s = Signature.getInstance(alg);
    s.initSign(key);
    s.update(probe);
    byte[] sig = s.sign();
    Signature v = Signature.getInstance(alg);
    v.initVerify(pub);
    v.update(probe);
    if (!v.verify(sig)) {
      throw new IOException("the private key does not belong to the certificate");
    }
  }
}
