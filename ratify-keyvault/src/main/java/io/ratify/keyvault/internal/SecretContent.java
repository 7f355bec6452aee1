package io.ratify.keyvault.internal;

import io.ratify.api.internal.parse.Der;
import io.ratify.api.internal.parse.MalformedException;
import io.ratify.api.internal.parse.Pem;
import io.ratify.api.internal.parse.Printable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.AuthenticatedSafe;
import org.bouncycastle.asn1.pkcs.CertBag;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.EncryptedData;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.pkcs.SafeBag;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Reads the certificate chain out of the secret behind a Key Vault certificate, as Ratify does:
 * content type {@code application/x-pem-file} (every {@code CERTIFICATE} block, in order) or {@code
 * application/x-pkcs12} (base64, opened with the empty password Key Vault uses). Private keys are
 * never decoded: PEM blocks other than {@code CERTIFICATE} are skipped unread, and a PKCS12 key
 * entry contributes only its certificate chain.
 *
 * <p>Stricter than Ratify: a secret holding no certificate is an error (Ratify returns an empty
 * chain), and only whitespace may follow the last PEM block. PEM and DER are read with the parsing
 * kit ({@link Pem}, {@link Der}): every certificate is strict DER, in a PKCS12 container on the
 * bytes its certificate bags store (the JDK's key store re-serialises what it parsed, which would
 * hide a re-encoding).
 */
final class SecretContent {
  static final String PEM = "application/x-pem-file";
  static final String PKCS12 = "application/x-pkcs12";

  /**
   * Key Vault caps secrets at 25 k characters; anything near this bound is not a certificate chain.
   */
  static final int MAX_VALUE_CHARS = 256 * 1024;

  static final int MAX_CERTIFICATES = 32;
  private static final int MAX_BLOCKS = 64;
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pem.Rules PEM_RULES =
      Pem.Rules.DEFAULT.maxBlocks(MAX_BLOCKS).decoding(Pem.CERTIFICATE::equals);

  /** Why a secret could not be read; the message never contains secret content. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The parsed secret: the chain, and the types of the blocks or entries that were skipped (for a
   * warning).
   *
   * @param chain the certificates, in the order the secret holds them, never empty
   * @param skipped the skipped PEM block types ({@code PRIVATE KEY}, ...) or {@code "private key
   *     entry"} for PKCS12
   */
  record Chain(List<X509Certificate> chain, List<String> skipped) {
    Chain {
      chain = List.copyOf(chain);
      skipped = List.copyOf(skipped);
    }
  }

  private SecretContent() {}

  /** Parses {@code value} according to {@code contentType}. */
  static Chain certificates(String contentType, String value) throws Invalid {
    if (value.length() > MAX_VALUE_CHARS) {
      throw new Invalid("the secret value is longer than " + MAX_VALUE_CHARS + " characters");
    }
    Chain chain =
        switch (contentType) {
          case PEM -> pem(value);
          case PKCS12 -> pkcs12(value);
          default ->
              throw new Invalid(
                  "unsupported secret content type '"
                      + Printable.of(contentType)
                      + "', supported types are "
                      + PKCS12
                      + " and "
                      + PEM);
        };
    if (chain.chain().isEmpty()) {
      throw new Invalid("the secret holds no certificate");
    }
    return chain;
  }

  static Chain pem(String text) throws Invalid {
    List<X509Certificate> out = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<Pem.Block> blocks;
    try {
      // private keys are neither decoded nor kept: only CERTIFICATE blocks are decoded
      blocks = Pem.blocks(text, PEM_RULES);
    } catch (MalformedException e) {
      throw new Invalid(e.getMessage());
    }
    if (blocks.isEmpty() && !text.isBlank()) {
      throw new Invalid("no PEM block found");
    }
    for (Pem.Block b : blocks) {
      if (!b.decoded()) {
        skipped.add(b.label());
        continue;
      }
      if (out.size() >= MAX_CERTIFICATES) {
        throw new Invalid("more than " + MAX_CERTIFICATES + " certificates");
      }
      try {
        out.add(Der.certificate(b.content()));
      } catch (MalformedException e) {
        throw new Invalid("a CERTIFICATE block: " + e.getMessage());
      }
    }
    return new Chain(out, skipped);
  }

  static Chain pkcs12(String base64) throws Invalid {
    byte[] der;
    try {
      der = Base64.getDecoder().decode(WHITESPACE.matcher(base64).replaceAll(""));
    } catch (IllegalArgumentException e) {
      throw new Invalid("the PKCS12 value is not valid base64");
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      // Key Vault exports PKCS12 with an empty password; keys stay encrypted until getKey, which is
      // never called
      store.load(new ByteArrayInputStream(der), new char[0]);
      // the JDK's certificates are re-serialised from what it parsed: the strict-DER check needs
      // the bytes as the container stores them
      Set<String> stored = storedCertificates(der);
      Map<String, X509Certificate> unique = new LinkedHashMap<>();
      List<String> skipped = new ArrayList<>();
      List<String> aliases = Collections.list(store.aliases());
      Collections.sort(aliases);
      if (aliases.size() > MAX_BLOCKS) {
        throw new Invalid("more than " + MAX_BLOCKS + " PKCS12 entries");
      }
      // key entries first: their chain is leaf first, as a PEM export orders it
      for (String alias : aliases) {
        if (store.isKeyEntry(alias)) {
          skipped.add("private key entry");
          Certificate[] chain = store.getCertificateChain(alias);
          for (Certificate c : chain == null ? new Certificate[0] : chain) {
            add(unique, stored, c);
          }
        }
      }
      for (String alias : aliases) {
        if (store.isCertificateEntry(alias)) {
          add(unique, stored, store.getCertificate(alias));
        }
      }
      if (unique.size() > MAX_CERTIFICATES) {
        throw new Invalid("more than " + MAX_CERTIFICATES + " certificates");
      }
      return new Chain(new ArrayList<>(unique.values()), skipped);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      // the JDK's messages may quote content: report only the kind of failure
      throw new Invalid(
          "the PKCS12 value could not be opened with the empty password ("
              + e.getClass().getSimpleName()
              + ")");
    } finally {
      // the container holds the private key, protected by nothing but the empty password
      Arrays.fill(der, (byte) 0);
    }
  }

  /**
   * The certificates of the container's certificate bags, each as the exact bytes it stores (the
   * OCTET STRING of the bag), each checked as strict DER. Encrypted safe contents are decrypted
   * with the empty password by the JDK's own PBE ciphers, as its key store does; shrouded key bags
   * are never decrypted.
   *
   * @return the stored encodings, base64
   */
  private static Set<String> storedCertificates(byte[] der)
      throws Invalid, IOException, GeneralSecurityException {
    Set<String> out = new HashSet<>();
    Pfx pfx = Pfx.getInstance(der);
    ContentInfo[] infos =
        AuthenticatedSafe.getInstance(octets(pfx.getAuthSafe().getContent())).getContentInfo();
    if (infos.length > MAX_BLOCKS) {
      throw new Invalid("more than " + MAX_BLOCKS + " PKCS12 safe contents");
    }
    for (ContentInfo info : infos) {
      byte[] safeContents;
      if (PKCSObjectIdentifiers.data.equals(info.getContentType())) {
        safeContents = octets(info.getContent());
      } else if (PKCSObjectIdentifiers.encryptedData.equals(info.getContentType())) {
        safeContents = decrypt(EncryptedData.getInstance(info.getContent()));
      } else {
        throw new Invalid(
            "the PKCS12 value holds safe contents that are neither data nor encrypted");
      }
      for (ASN1Encodable e : ASN1Sequence.getInstance(safeContents)) {
        SafeBag bag = SafeBag.getInstance(e);
        if (!PKCSObjectIdentifiers.certBag.equals(bag.getBagId())) {
          continue;
        }
        if (out.size() >= MAX_BLOCKS) {
          throw new Invalid("more than " + MAX_BLOCKS + " PKCS12 certificate bags");
        }
        CertBag cert = CertBag.getInstance(bag.getBagValue());
        if (!PKCSObjectIdentifiers.x509Certificate.equals(cert.getCertId())) {
          throw new Invalid("the PKCS12 value holds a certificate that is not X.509");
        }
        byte[] raw = octets(cert.getCertValue());
        try {
          // the same strict DER as every other certificate source
          Der.certificate(raw);
        } catch (MalformedException ex) {
          throw new Invalid(
              "the PKCS12 value holds a certificate that is not strict DER: " + ex.getMessage());
        }
        out.add(Base64.getEncoder().encodeToString(raw));
      }
    }
    return out;
  }

  private static byte[] octets(ASN1Encodable e) {
    return ASN1OctetString.getInstance(e).getOctets();
  }

  /** PBES2 or a PKCS12 PBE scheme, by the JDK's ciphers (the ones its key store uses). */
  private static byte[] decrypt(EncryptedData data) throws IOException, GeneralSecurityException {
    AlgorithmIdentifier alg = data.getEncryptionAlgorithm();
    boolean pbes2 = PKCSObjectIdentifiers.id_PBES2.equals(alg.getAlgorithm());
    AlgorithmParameters params =
        AlgorithmParameters.getInstance(pbes2 ? "PBES2" : alg.getAlgorithm().getId());
    params.init(alg.getParameters().toASN1Primitive().getEncoded());
    // for PBES2 the JDK names the cipher after the parameters, e.g. PBEWithHmacSHA256AndAES_256
    Cipher cipher = Cipher.getInstance(pbes2 ? params.toString() : alg.getAlgorithm().getId());
    SecretKey key = SecretKeyFactory.getInstance("PBE").generateSecret(new PBEKeySpec(new char[0]));
    cipher.init(Cipher.DECRYPT_MODE, key, params);
    return cipher.doFinal(data.getContent().getOctets());
  }

  private static void add(Map<String, X509Certificate> unique, Set<String> stored, Certificate c)
      throws Invalid {
    if (!(c instanceof X509Certificate x)) {
      throw new Invalid("the PKCS12 value holds a certificate that is not X.509");
    }
    byte[] der;
    try {
      der = x.getEncoded();
    } catch (CertificateException e) {
      throw new Invalid("the PKCS12 value holds an unencodable certificate");
    }
    String key = Base64.getEncoder().encodeToString(der);
    if (!stored.contains(key)) {
      // the JDK's view differs from every stored encoding: it normalised what it read
      throw new Invalid("the PKCS12 value holds a certificate that is not strict DER");
    }
    try {
      unique.putIfAbsent(key, Der.certificate(der));
    } catch (MalformedException e) {
      throw new Invalid("the PKCS12 value holds a certificate that is not strict DER");
    }
  }
}
