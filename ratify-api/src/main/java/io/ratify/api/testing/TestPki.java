package io.ratify.api.testing;

import static io.ratify.api.testing.DerWriter.bits;
import static io.ratify.api.testing.DerWriter.bool;
import static io.ratify.api.testing.DerWriter.concat;
import static io.ratify.api.testing.DerWriter.explicit;
import static io.ratify.api.testing.DerWriter.integer;
import static io.ratify.api.testing.DerWriter.nul;
import static io.ratify.api.testing.DerWriter.octets;
import static io.ratify.api.testing.DerWriter.oid;
import static io.ratify.api.testing.DerWriter.sequence;
import static io.ratify.api.testing.DerWriter.time;
import static io.ratify.api.testing.DerWriter.tlv;

import io.ratify.api.internal.parse.Der;
import io.ratify.api.internal.parse.MalformedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;

/**
 * The one test PKI of the project, JDK-only, for the project's tests and demos and for plugin
 * authors: key pairs, certificates and chains built from DER and signed with the JCA, PEM and
 * PKCS#12 renderings, TLS contexts for loopback servers.
 *
 * <p>Certificates are real X.509 v3 in strict DER (every one is read back through the project's
 * strict DER reader before it is returned), so the parsers under test see what a CA would issue.
 * ratify-notation's {@code CertificateAuthority} (Notary Project profiles) builds on this class.
 * Keys live in memory, unprotected: never use it for real identities.
 */
public final class TestPki {
  /** Extended key usage: TLS server. */
  public static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  /** Extended key usage: code signing. */
  public static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";

  /** Extended key usage: time stamping. */
  public static final String TIME_STAMPING = "1.3.6.1.5.5.7.3.8";

  /** Key usage bit: digitalSignature. */
  public static final int DIGITAL_SIGNATURE = 0;

  /** Key usage bit: keyEncipherment. */
  public static final int KEY_ENCIPHERMENT = 2;

  /** Key usage bit: keyCertSign. */
  public static final int KEY_CERT_SIGN = 5;

  /** Key usage bit: cRLSign. */
  public static final int CRL_SIGN = 6;

  private static final AtomicLong SERIAL = new AtomicLong(1000);

  private TestPki() {}

  /**
   * A certificate with its key pair.
   *
   * @param certificate the certificate
   * @param keyPair its key pair
   */
  public record Issued(X509Certificate certificate, KeyPair keyPair) {
    /**
     * The certificate as PEM.
     *
     * @return one {@code CERTIFICATE} block
     */
    public String pem() {
      return TestPki.pem(List.of(certificate));
    }

    /**
     * Writes the certificate as PEM.
     *
     * @param file where
     * @return {@code file}
     * @throws IOException when writing fails
     */
    public Path writeCertificatePem(Path file) throws IOException {
      Files.writeString(file, pem());
      return file;
    }

    /**
     * Writes the private key as PEM (PKCS#8).
     *
     * @param file where
     * @return {@code file}
     * @throws IOException when writing fails
     */
    public Path writePrivateKeyPem(Path file) throws IOException {
      Files.writeString(file, pemBlock("PRIVATE KEY", keyPair.getPrivate().getEncoded()));
      return file;
    }

    /**
     * A PKCS#12 trust store holding only this certificate.
     *
     * @return the store
     */
    public KeyStore trustStore() {
      try {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("test", certificate);
        return ks;
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * Writes {@link #trustStore()} as a PKCS#12 file (for {@code -Djavax.net.ssl.trustStore}).
     *
     * @param file where
     * @param password the store password
     * @return {@code file}
     * @throws IOException when writing fails
     */
    public Path writeTrustStore(Path file, char[] password) throws IOException {
      try (var out = Files.newOutputStream(file)) {
        trustStore().store(out, password);
      } catch (GeneralSecurityException e) {
        throw new IOException(e);
      }
      return file;
    }

    /**
     * A client TLS context trusting only this certificate.
     *
     * @return the context
     */
    public SSLContext clientContext() {
      try {
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * A server TLS context presenting this certificate.
     *
     * @return the context
     */
    public SSLContext serverContext() {
      try {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry(
            "server",
            keyPair.getPrivate(),
            new char[0],
            new java.security.cert.Certificate[] {certificate});
        KeyManagerFactory kmf =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * A three-certificate chain, leaf first.
   *
   * @param leaf the end-entity certificate
   * @param intermediate its issuer
   * @param root the self-signed root
   */
  public record Chain(Issued leaf, Issued intermediate, Issued root) {
    /**
     * The certificates, leaf first.
     *
     * @return leaf, intermediate, root
     */
    public List<X509Certificate> certificates() {
      return List.of(leaf.certificate(), intermediate.certificate(), root.certificate());
    }
  }

  /**
   * An EC key pair.
   *
   * @param curve e.g. {@code secp256r1}
   * @return a new key pair
   */
  public static KeyPair ecKeyPair(String curve) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec(curve));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An RSA key pair.
   *
   * @param bits the modulus size
   * @return a new key pair
   */
  public static KeyPair rsaKeyPair(int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts a certificate for {@code subject} (an RFC 2253 name such as {@code CN=leaf,O=Test}).
   *
   * @param subject the subject name
   * @return a builder; by default a P-256 key, self-signed, valid from an hour ago for a day
   */
  public static Builder certificate(String subject) {
    return new Builder(subject);
  }

  /**
   * A chain of EC P-256 certificates: root CA, intermediate CA, leaf (CN {@code leafName}).
   *
   * @param leafName the leaf's common name
   * @return the chain
   */
  public static Chain chain(String leafName) {
    Issued root = certificate("CN=Test Root " + leafName).ca().issue();
    Issued intermediate = certificate("CN=Test Intermediate " + leafName).ca().issuer(root).issue();
    Issued leaf = certificate("CN=" + leafName).issuer(intermediate).issue();
    return new Chain(leaf, intermediate, root);
  }

  /**
   * A self-signed EC P-256 TLS server certificate for {@code 127.0.0.1} and {@code localhost}.
   *
   * @return the certificate and key
   */
  public static Issued tlsServer() {
    return certificate("CN=127.0.0.1")
        .ipAddress("127.0.0.1")
        .dnsName("localhost")
        .extendedKeyUsage(SERVER_AUTH)
        .issue();
  }

  /**
   * A self-signed RSA 2048 certificate for {@code 127.0.0.1} and {@code localhost} that is its own
   * CA: a TLS server's certificate and trust anchor in one, and an RS256 signing key.
   *
   * @param commonName the subject's common name
   * @return the certificate and key
   */
  public static Issued tlsServer(String commonName) {
    return certificate(new X500Principal("CN=" + commonName).getName())
        .keyPair(rsaKeyPair(2048))
        .ca()
        .keyUsage(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT, KEY_CERT_SIGN)
        .ipAddress("127.0.0.1")
        .dnsName("localhost")
        .extendedKeyUsage(SERVER_AUTH)
        .issue();
  }

  /**
   * PEM text of certificates.
   *
   * @param certificates the certificates
   * @return one {@code CERTIFICATE} block each
   */
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

  /**
   * One PEM block, 64 characters a line.
   *
   * @param label the label
   * @param der the contents
   * @return the block, ending with a newline
   */
  public static String pemBlock(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  /**
   * What Key Vault stores for a PEM certificate: the leaf's private key, then the chain.
   *
   * @param chain the chain
   * @return the PEM text
   */
  public static String keyVaultPem(Chain chain) {
    return pemBlock("PRIVATE KEY", chain.leaf().keyPair().getPrivate().getEncoded())
        + pem(chain.certificates());
  }

  /**
   * A base64 PKCS#12 container with the leaf key and the chain, under the empty password (Key
   * Vault's export).
   *
   * @param chain the chain
   * @return the base64 text
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
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The loopback address, for binding test servers.
   *
   * @return {@code 127.0.0.1} or {@code ::1}
   */
  public static InetAddress loopback() {
    return InetAddress.getLoopbackAddress();
  }

  /**
   * Builds one certificate; {@link #issue()} signs it. By default: a new P-256 key, self-signed,
   * valid from an hour ago for a day, basicConstraints (critical) and keyUsage (critical) present,
   * no other extension.
   */
  public static final class Builder {
    private final String subject;
    private KeyPair keyPair;
    private Issued issuer;
    private boolean ca;
    private Instant notBefore = Instant.now().minus(1, ChronoUnit.HOURS);
    private Instant notAfter = Instant.now().plus(1, ChronoUnit.DAYS);
    private final List<byte[]> sans = new ArrayList<>();
    private final List<String> extendedKeyUsages = new ArrayList<>();
    private boolean extendedKeyUsageCritical;
    private boolean keyUsagePresent = true;
    private int keyUsage = -1;
    private boolean keyUsageCritical = true;
    private boolean basicConstraintsPresent = true;
    private boolean basicConstraintsCritical = true;
    private OptionalInt pathLength = OptionalInt.empty();
    private final List<String> ocspUrls = new ArrayList<>();
    private final List<String> crlUrls = new ArrayList<>();
    private boolean keyIdentifiers;
    private String signatureAlgorithm;
    private BigInteger serial = BigInteger.valueOf(SERIAL.incrementAndGet());

    private Builder(String subject) {
      this.subject = subject;
    }

    /**
     * The subject's key pair (default: a new P-256 key).
     *
     * @param keyPair the key pair
     * @return this
     */
    public Builder keyPair(KeyPair keyPair) {
      this.keyPair = keyPair;
      return this;
    }

    /**
     * The issuer (default: self-signed).
     *
     * @param issuer the issuing certificate and key
     * @return this
     */
    public Builder issuer(Issued issuer) {
      this.issuer = issuer;
      return this;
    }

    /**
     * Makes a CA: basicConstraints CA true, key usage keyCertSign and cRLSign.
     *
     * @return this
     */
    public Builder ca() {
      this.ca = true;
      this.basicConstraintsPresent = true;
      return this;
    }

    /**
     * Sets the basicConstraints extension (present by default: critical, CA false).
     *
     * @param isCa the cA field
     * @param pathLength the pathLenConstraint, if any
     * @param critical whether the extension is critical
     * @return this
     */
    public Builder basicConstraints(boolean isCa, OptionalInt pathLength, boolean critical) {
      this.ca = isCa;
      this.pathLength = pathLength;
      this.basicConstraintsCritical = critical;
      this.basicConstraintsPresent = true;
      return this;
    }

    /**
     * Leaves the basicConstraints extension out.
     *
     * @return this
     */
    public Builder noBasicConstraints() {
      this.basicConstraintsPresent = false;
      return this;
    }

    /**
     * The validity period.
     *
     * @param from notBefore
     * @param until notAfter
     * @return this
     */
    public Builder validity(Instant from, Instant until) {
      this.notBefore = from;
      this.notAfter = until;
      return this;
    }

    /**
     * Valid from now for {@code d}.
     *
     * @param d the duration
     * @return this
     */
    public Builder validFor(Duration d) {
      return validity(Instant.now().minus(5, ChronoUnit.MINUTES), Instant.now().plus(d));
    }

    /**
     * The serial number.
     *
     * @param serial a positive number
     * @return this
     */
    public Builder serial(BigInteger serial) {
      this.serial = serial;
      return this;
    }

    /**
     * Adds an IP address subject alternative name.
     *
     * @param ip a literal address
     * @return this
     */
    public Builder ipAddress(String ip) {
      try {
        sans.add(tlv(0x87, InetAddress.getByName(ip).getAddress()));
      } catch (IOException e) {
        throw new IllegalArgumentException(e);
      }
      return this;
    }

    /**
     * Adds a DNS subject alternative name.
     *
     * @param name the host name
     * @return this
     */
    public Builder dnsName(String name) {
      sans.add(tlv(0x82, name.getBytes(StandardCharsets.US_ASCII)));
      return this;
    }

    /**
     * Adds extended key usages (OIDs such as {@link #CODE_SIGNING}); the extension is present only
     * when there is at least one.
     *
     * @param oids the usages
     * @return this
     */
    public Builder extendedKeyUsage(String... oids) {
      extendedKeyUsages.addAll(List.of(oids));
      return this;
    }

    /**
     * Whether the extended key usage extension is critical (default: not).
     *
     * @param critical the criticality
     * @return this
     */
    public Builder extendedKeyUsageCritical(boolean critical) {
      extendedKeyUsageCritical = critical;
      return this;
    }

    /**
     * Sets the key usage bits (such as {@link #DIGITAL_SIGNATURE}); default: digitalSignature for
     * end entities, keyCertSign and cRLSign for CAs.
     *
     * @param bitNumbers the bits, 0 (digitalSignature) to 8 (decipherOnly)
     * @return this
     */
    public Builder keyUsage(int... bitNumbers) {
      keyUsage = 0;
      for (int b : bitNumbers) {
        if (b < 0 || b > 8) {
          throw new IllegalArgumentException("no key usage bit " + b);
        }
        keyUsage |= 1 << b;
      }
      keyUsagePresent = true;
      return this;
    }

    /**
     * Whether the key usage extension is critical (default: critical).
     *
     * @param critical the criticality
     * @return this
     */
    public Builder keyUsageCritical(boolean critical) {
      keyUsageCritical = critical;
      return this;
    }

    /**
     * Leaves the key usage extension out.
     *
     * @return this
     */
    public Builder noKeyUsage() {
      keyUsagePresent = false;
      return this;
    }

    /**
     * Adds an OCSP responder location (Authority Information Access, id-ad-ocsp).
     *
     * @param uri the responder URI
     * @return this
     */
    public Builder ocspUrl(String uri) {
      ocspUrls.add(uri);
      return this;
    }

    /**
     * Adds a CRL distribution point (one distribution point with this full name per call).
     *
     * @param uri the CRL URI
     * @return this
     */
    public Builder crlUrl(String uri) {
      crlUrls.add(uri);
      return this;
    }

    /**
     * Adds a subject key identifier and, unless the certificate is signed with its own key, an
     * authority key identifier: the SHA-1 of the subject's and the signer's public key bits (RFC
     * 5280, 4.2.1.2, method 1).
     *
     * @return this
     */
    public Builder keyIdentifiers() {
      keyIdentifiers = true;
      return this;
    }

    /**
     * The issuer's signature algorithm by JCA name, for example {@code SHA1withRSA} to make a SHA-1
     * certificate (default: the SHA-2 that matches the signing key, as the Notary Project wants it:
     * SHA-256 up to RSA 2048 and P-256, SHA-384 up to RSA 3072 and P-384, SHA-512 above; Ed25519).
     *
     * @param jcaName one of {@code SHA1withRSA}, {@code SHA224withRSA}, {@code SHA256withRSA},
     *     {@code SHA384withRSA}, {@code SHA512withRSA}, the same five with {@code ECDSA}, {@code
     *     Ed25519} or {@code Ed448}
     * @return this
     */
    public Builder signatureAlgorithm(String jcaName) {
      algorithmOid(jcaName);
      signatureAlgorithm = jcaName;
      return this;
    }

    /**
     * Signs the certificate.
     *
     * @return the certificate and the subject's key pair
     * @throws IllegalStateException when the JCA cannot sign it or the result is not strict DER
     */
    public Issued issue() {
      try {
        KeyPair subjectKeys = keyPair == null ? ecKeyPair("secp256r1") : keyPair;
        KeyPair signingKeys = issuer == null ? subjectKeys : issuer.keyPair();
        String alg =
            signatureAlgorithm != null
                ? signatureAlgorithm
                : defaultAlgorithm(signingKeys.getPrivate());
        byte[] algId =
            sequence(
                concat(
                    oid(algorithmOid(alg)),
                    alg.toUpperCase(Locale.ROOT).endsWith("RSA") ? nul() : new byte[0]));
        byte[] subjectName = new X500Principal(subject).getEncoded();
        byte[] issuerName =
            issuer == null
                ? subjectName
                : issuer.certificate().getSubjectX500Principal().getEncoded();
        List<byte[]> extensions = extensions(subjectKeys, signingKeys);
        byte[] tbs =
            sequence(
                explicit(0, integer(BigInteger.TWO)),
                integer(serial),
                algId,
                issuerName,
                sequence(
                    time(notBefore.truncatedTo(ChronoUnit.SECONDS)),
                    time(notAfter.truncatedTo(ChronoUnit.SECONDS))),
                subjectName,
                subjectKeys.getPublic().getEncoded(),
                // Extensions is SIZE (1..MAX): none at all leaves the field out
                extensions.isEmpty()
                    ? new byte[0]
                    : explicit(3, sequence(extensions.toArray(new byte[0][]))));
        Signature s = Signature.getInstance(alg);
        s.initSign(signingKeys.getPrivate());
        s.update(tbs);
        byte[] der = sequence(tbs, algId, bits(s.sign()));
        // the project's strict reader: what this kit makes is DER a CA would issue
        return new Issued(Der.certificate(der), subjectKeys);
      } catch (GeneralSecurityException | MalformedException e) {
        throw new IllegalStateException("cannot make a test certificate for " + subject, e);
      }
    }

    private List<byte[]> extensions(KeyPair subjectKeys, KeyPair signingKeys)
        throws GeneralSecurityException {
      List<byte[]> extensions = new ArrayList<>();
      if (keyIdentifiers) {
        byte[] ski = keyIdentifier(subjectKeys.getPublic());
        extensions.add(extension("2.5.29.14", false, octets(ski)));
        if (!signingKeys.getPublic().equals(subjectKeys.getPublic())) {
          byte[] aki = keyIdentifier(signingKeys.getPublic());
          extensions.add(extension("2.5.29.35", false, sequence(tlv(0x80, aki))));
        }
      }
      if (basicConstraintsPresent) {
        byte[] value =
            sequence(
                ca ? bool(true) : new byte[0],
                pathLength.isPresent()
                    ? integer(BigInteger.valueOf(pathLength.getAsInt()))
                    : new byte[0]);
        extensions.add(extension("2.5.29.19", basicConstraintsCritical, value));
      }
      if (keyUsagePresent) {
        int usage =
            keyUsage >= 0
                ? keyUsage
                : ca ? (1 << KEY_CERT_SIGN) | (1 << CRL_SIGN) : 1 << DIGITAL_SIGNATURE;
        extensions.add(extension("2.5.29.15", keyUsageCritical, keyUsageBits(usage)));
      }
      if (!extendedKeyUsages.isEmpty()) {
        List<byte[]> oids = new ArrayList<>();
        for (String o : extendedKeyUsages) {
          oids.add(oid(o));
        }
        extensions.add(
            extension(
                "2.5.29.37", extendedKeyUsageCritical, sequence(oids.toArray(new byte[0][]))));
      }
      if (!sans.isEmpty()) {
        extensions.add(extension("2.5.29.17", false, sequence(sans.toArray(new byte[0][]))));
      }
      if (!ocspUrls.isEmpty()) {
        List<byte[]> access = new ArrayList<>();
        for (String u : ocspUrls) {
          access.add(sequence(oid("1.3.6.1.5.5.7.48.1"), uri(u)));
        }
        extensions.add(
            extension("1.3.6.1.5.5.7.1.1", false, sequence(access.toArray(new byte[0][]))));
      }
      if (!crlUrls.isEmpty()) {
        List<byte[]> points = new ArrayList<>();
        for (String u : crlUrls) {
          // DistributionPoint { distributionPoint [0] { fullName [0] GeneralNames } }
          points.add(sequence(tlv(0xa0, tlv(0xa0, uri(u)))));
        }
        extensions.add(extension("2.5.29.31", false, sequence(points.toArray(new byte[0][]))));
      }
      return extensions;
    }

    private static byte[] uri(String u) {
      return tlv(0x86, u.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
      return critical
          ? sequence(oid(oid), bool(true), octets(value))
          : sequence(oid(oid), octets(value));
    }

    private static byte[] keyUsageBits(int mask) {
      if (mask == 0) {
        return tlv(0x03, new byte[] {0});
      }
      int highest = 31 - Integer.numberOfLeadingZeros(mask);
      int octets = highest / 8 + 1;
      byte[] v = new byte[octets + 1];
      for (int bit = 0; bit <= highest; bit++) {
        if ((mask & (1 << bit)) != 0) {
          v[1 + bit / 8] |= (byte) (0x80 >>> (bit % 8));
        }
      }
      v[0] = (byte) (octets * 8 - 1 - highest);
      return tlv(0x03, v);
    }

    /** The SHA-1 of the subjectPublicKey BIT STRING's bits in a SubjectPublicKeyInfo. */
    private static byte[] keyIdentifier(PublicKey key) throws GeneralSecurityException {
      byte[] spki = key.getEncoded();
      int[] outer = header(spki, 0);
      int[] algorithm = header(spki, outer[0]);
      int[] bitString = header(spki, algorithm[0] + algorithm[1]);
      // skip the unused-bits octet
      return MessageDigest.getInstance("SHA-1")
          .digest(Arrays.copyOfRange(spki, bitString[0] + 1, bitString[0] + bitString[1]));
    }

    /** Where the contents of the element at {@code pos} start, and their length. */
    private static int[] header(byte[] der, int pos) {
      int first = der[pos + 1] & 0xff;
      if (first < 0x80) {
        return new int[] {pos + 2, first};
      }
      int n = first & 0x7f;
      int len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (der[pos + 2 + i] & 0xff);
      }
      return new int[] {pos + 2 + n, len};
    }

    private static String defaultAlgorithm(PrivateKey key) {
      switch (key.getAlgorithm()) {
        case "RSA":
          int modulus = ((RSAKey) key).getModulus().bitLength();
          if (modulus > 3072) {
            return "SHA512withRSA";
          }
          return modulus > 2048 ? "SHA384withRSA" : "SHA256withRSA";
        case "EC":
          int bits = ((ECKey) key).getParams().getCurve().getField().getFieldSize();
          if (bits > 384) {
            return "SHA512withECDSA";
          }
          return bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        case "Ed25519":
        case "EdDSA":
          return "Ed25519";
        default:
          throw new IllegalArgumentException("unsupported key " + key.getAlgorithm());
      }
    }

    private static String algorithmOid(String jcaName) {
      switch (jcaName.toUpperCase(Locale.ROOT)) {
        case "SHA1WITHRSA":
          return "1.2.840.113549.1.1.5";
        case "SHA224WITHRSA":
          return "1.2.840.113549.1.1.14";
        case "SHA256WITHRSA":
          return "1.2.840.113549.1.1.11";
        case "SHA384WITHRSA":
          return "1.2.840.113549.1.1.12";
        case "SHA512WITHRSA":
          return "1.2.840.113549.1.1.13";
        case "SHA1WITHECDSA":
          return "1.2.840.10045.4.1";
        case "SHA224WITHECDSA":
          return "1.2.840.10045.4.3.1";
        case "SHA256WITHECDSA":
          return "1.2.840.10045.4.3.2";
        case "SHA384WITHECDSA":
          return "1.2.840.10045.4.3.3";
        case "SHA512WITHECDSA":
          return "1.2.840.10045.4.3.4";
        case "ED25519":
          return "1.3.101.112";
        case "ED448":
          return "1.3.101.113";
        default:
          throw new IllegalArgumentException("unsupported signature algorithm " + jcaName);
      }
    }
  }
}
