package io.ratify.notation.internal.truststore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads certificate files as notation does: PEM (one or more blocks, each of which must be a
 * certificate, whatever its label) or DER (one or more concatenated certificates), whatever the
 * file extension. Files are read up to a size bound.
 */
public final class CertificateFiles {
  /** Upper bound on one certificate file. */
  public static final int MAX_FILE_BYTES = 1 << 20;

  /** Upper bound on the certificates of one file. */
  public static final int MAX_CERTIFICATES_PER_FILE = 256;

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]{1,64})-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

  private CertificateFiles() {}

  /** Reads a regular file (symlinks are not followed) and parses its certificates. */
  public static List<X509Certificate> read(Path file) throws IOException, CertificateException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(file + " is not a regular file");
    }
    byte[] data;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      data = in.readNBytes(MAX_FILE_BYTES + 1);
    }
    if (data.length > MAX_FILE_BYTES) {
      throw new IOException(file + " is larger than " + MAX_FILE_BYTES + " bytes");
    }
    return parse(data);
  }

  /**
   * Parses PEM or DER certificates.
   *
   * @throws CertificateException when the data holds no certificate or anything that is not one;
   *     this is the only failure, whatever the JDK parser throws
   */
  public static List<X509Certificate> parse(byte[] data) throws CertificateException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    String text = new String(data, StandardCharsets.ISO_8859_1);
    Matcher m = PEM.matcher(text);
    boolean pem = false;
    while (m.find()) {
      pem = true;
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(2));
      } catch (IllegalArgumentException e) {
        throw new CertificateException("invalid PEM block " + m.group(1));
      }
      out.addAll(der(cf, der));
      bound(out);
    }
    if (!pem) {
      if (text.contains("-----BEGIN")) {
        throw new CertificateException("malformed PEM data");
      }
      out.addAll(der(cf, data));
    }
    if (out.isEmpty()) {
      throw new CertificateException("no certificate found");
    }
    return List.copyOf(out);
  }

  private static List<X509Certificate> der(CertificateFactory cf, byte[] der)
      throws CertificateException {
    List<X509Certificate> out = new ArrayList<>();
    ByteArrayInputStream in = new ByteArrayInputStream(der);
    while (in.available() > 0) {
      int before = in.available();
      int at = der.length - before;
      if (der[at] != 0x30) {
        throw new CertificateException("not a DER certificate");
      }
      // DER has no indefinite length (X.690 10.1); the JDK reads one recursively per nesting level,
      // so nested ones
      // would overflow the stack instead of failing.
      if (at + 1 < der.length && (der[at + 1] & 0xff) == 0x80) {
        throw new CertificateException("not a DER certificate: indefinite length");
      }
      X509Certificate c;
      try {
        c = (X509Certificate) cf.generateCertificate(in);
      } catch (RuntimeException e) {
        // The JDK parser only promises CertificateException; anything else it throws is still a
        // malformed file.
        throw new CertificateException("malformed certificate: " + e.getClass().getSimpleName());
      }
      if (in.available() >= before) {
        throw new CertificateException("certificate parser made no progress");
      }
      out.add(c);
      bound(out);
    }
    return out;
  }

  private static void bound(List<X509Certificate> certs) throws CertificateException {
    if (certs.size() > MAX_CERTIFICATES_PER_FILE) {
      throw new CertificateException("more than " + MAX_CERTIFICATES_PER_FILE + " certificates");
    }
  }
}
