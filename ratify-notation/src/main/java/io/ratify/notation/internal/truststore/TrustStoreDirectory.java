package io.ratify.notation.internal.truststore;

import io.ratify.notation.internal.policy.GoText;
import io.ratify.notation.internal.policy.TrustStoreRef;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A notation trust store directory: {@code <x509
 * root>/{ca,signingAuthority,tsa}/<name>/<certificate files>}. The rules are notation-go's: the
 * named-store directory must be a real directory; every entry must be a regular file (a
 * subdirectory or a symlink is an error, not skipped); every file must parse as certificates; each
 * certificate must be acceptable for the store type; and a store must not be empty. Reads happen on
 * every call, so changes on disk take effect without a restart.
 */
public final class TrustStoreDirectory {
  /** Upper bound on the files of one named store. */
  public static final int MAX_FILES = 256;

  private final Path x509Root;

  private TrustStoreDirectory(Path x509Root) {
    this.x509Root = x509Root;
  }

  /**
   * The notation layout under {@code path}, if it has one: {@code path} itself when it is named
   * {@code x509}, else {@code path/x509} or {@code path/truststore/x509} when such a directory
   * exists.
   */
  public static Optional<TrustStoreDirectory> find(Path path) {
    Objects.requireNonNull(path, "path");
    if (!Files.isDirectory(path)) {
      return Optional.empty();
    }
    for (Path candidate :
        List.of(path.resolve("x509"), path.resolve("truststore").resolve("x509"))) {
      if (Files.isDirectory(candidate)) {
        return Optional.of(new TrustStoreDirectory(candidate));
      }
    }
    Path name = path.getFileName();
    if (name != null && name.toString().equals("x509")) {
      return Optional.of(new TrustStoreDirectory(path));
    }
    return Optional.empty();
  }

  /** The layout rooted at an {@code x509} directory. */
  public static TrustStoreDirectory at(Path x509Root) {
    return new TrustStoreDirectory(Objects.requireNonNull(x509Root, "x509Root"));
  }

  /** The {@code x509} directory. */
  public Path root() {
    return x509Root;
  }

  /** Whether the named store exists here (as anything, even a broken entry). */
  public boolean contains(TrustStoreRef ref) {
    return Files.exists(storePath(ref), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * The certificates of a named store, in file-name order.
   *
   * @throws TrustStoreException when the store is missing or breaks a rule
   */
  public List<X509Certificate> certificates(TrustStoreRef ref) throws TrustStoreException {
    Path dir = storePath(ref);
    String name = ref.name();
    String type = ref.type().value();
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new TrustStoreException(
          "the trust store "
              + GoText.quote(name)
              + " of type "
              + GoText.quote(type)
              + " does not exist");
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new TrustStoreException(
          "the trust store "
              + name
              + " of type "
              + type
              + " with path "
              + dir
              + " is not a regular directory (symlinks are not supported)");
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        if (files.size() >= MAX_FILES) {
          throw new TrustStoreException(
              "the trust store "
                  + name
                  + " of type "
                  + type
                  + " has more than "
                  + MAX_FILES
                  + " files");
        }
        files.add(p);
      }
    } catch (IOException e) {
      throw new TrustStoreException(
          "the trust store "
              + name
              + " of type "
              + type
              + " could not be listed: "
              + e.getMessage());
    }
    files.sort(null);
    List<X509Certificate> out = new ArrayList<>();
    for (Path file : files) {
      String fileName = file.getFileName().toString();
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new TrustStoreException(
            "trusted certificate "
                + fileName
                + " in trust store "
                + name
                + " of type "
                + type
                + " is not a regular file (directories or symlinks are not supported)");
      }
      List<X509Certificate> certs;
      try {
        certs = CertificateFiles.read(file);
      } catch (IOException | CertificateException e) {
        throw new TrustStoreException(
            "failed to read the trusted certificate "
                + fileName
                + " in trust store "
                + name
                + " of type "
                + type);
      }
      for (X509Certificate cert : certs) {
        Optional<String> problem = TrustAnchors.problem(ref.type(), cert);
        if (problem.isPresent()) {
          throw new TrustStoreException(
              "failed to validate the trusted certificate "
                  + fileName
                  + " in trust store "
                  + name
                  + " of type "
                  + type
                  + ": "
                  + problem.get());
        }
      }
      out.addAll(certs);
    }
    if (out.isEmpty()) {
      throw new TrustStoreException(
          "no x509 certificates were found in trust store "
              + GoText.quote(name)
              + " of type "
              + GoText.quote(type));
    }
    return List.copyOf(out);
  }

  private Path storePath(TrustStoreRef ref) {
    return x509Root.resolve(ref.type().value()).resolve(ref.name());
  }

  @Override
  public String toString() {
    return "TrustStoreDirectory[" + x509Root + "]";
  }
}
