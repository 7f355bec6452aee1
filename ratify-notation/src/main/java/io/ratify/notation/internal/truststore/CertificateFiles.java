package io.ratify.notation.internal.truststore;

import io.ratify.api.internal.parse.BoundedFiles;
import io.ratify.api.internal.parse.Der;
import io.ratify.api.internal.parse.MalformedException;
import io.ratify.api.internal.parse.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Reads certificate files as notation does: PEM (one or more blocks, each of which must be a
 * certificate, whatever its label) or DER (one or more concatenated certificates), whatever the
 * file extension. Parsing is the parsing kit's ({@link Pem}, {@link Der}): every certificate is
 * strict DER. Where trust stores differ from the kit's default, the difference is a parameter: any
 * label is read as a certificate, and text after the last PEM block is ignored as notation-go
 * ignores it. Files are read up to a size bound, never through a symbolic link.
 */
public final class CertificateFiles {
  /** Upper bound on one certificate file. */
  public static final int MAX_FILE_BYTES = 1 << 20;

  /** Upper bound on the certificates of one file. */
  public static final int MAX_CERTIFICATES_PER_FILE = 256;

  private static final Pem.Rules PEM_RULES =
      Pem.Rules.DEFAULT.maxBlocks(MAX_CERTIFICATES_PER_FILE).allowingTextAfterLastBlock();

  private CertificateFiles() {}

  /** Reads a regular file (symlinks are not followed) and parses its certificates. */
  public static List<X509Certificate> read(Path file) throws IOException, CertificateException {
    return parse(BoundedFiles.read(file, MAX_FILE_BYTES, BoundedFiles.Links.REFUSE));
  }

  /**
   * Parses PEM or DER certificates.
   *
   * @throws CertificateException when the data holds no certificate or anything that is not one;
   *     this is the only failure, whatever the JDK parser throws
   */
  public static List<X509Certificate> parse(byte[] data) throws CertificateException {
    String text = new String(data, StandardCharsets.ISO_8859_1);
    try {
      List<X509Certificate> out =
          Pem.looksLikePem(text)
              ? Pem.certificates(text, PEM_RULES, true)
              : Der.concatenated(data, MAX_CERTIFICATES_PER_FILE);
      if (out.isEmpty()) {
        throw new CertificateException("no certificate found");
      }
      return out;
    } catch (MalformedException e) {
      throw new CertificateException(e.getMessage());
    }
  }
}
