package io.ratify.notation.internal.revocation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verified CRLs by distribution point URL, honouring nextUpdate: a bounded in-memory LRU (entries
 * and bytes), and optionally a directory that survives restarts and can be filled for air-gapped
 * clusters. Directory files ({@code <sha256 of the URL>.crl}, DER) are written atomically (temp
 * file, then move) and never trusted: on load they are read with a size bound, parsed, and their
 * signature and validity re-checked against the issuer at hand. A file that fails any check is a
 * miss. Thread-safe.
 */
final class CrlCache {
  private static final Logger LOG = LoggerFactory.getLogger(CrlCache.class);

  private final Optional<Path> directory;
  private final int maxEntries;
  private final long maxBytes;
  private final int maxCrlBytes;
  private final Map<String, ParsedCrl> memory = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  CrlCache(RevocationOptions options) {
    this.directory = options.crlCacheDirectory();
    this.maxEntries = options.maxCachedCrls();
    this.maxBytes = options.maxCachedCrlBytes();
    this.maxCrlBytes = options.maxCrlBytes();
  }

  /**
   * A cached CRL for {@code url} that {@code issuer} signed and that is current at {@code now}, or
   * empty.
   */
  Optional<ParsedCrl> get(String url, X509Certificate issuer, Instant now) {
    ParsedCrl hit;
    synchronized (this) {
      hit = memory.get(url);
    }
    if (hit != null && usable(hit, issuer, now)) {
      return Optional.of(hit);
    }
    Optional<ParsedCrl> loaded = load(url);
    if (loaded.isPresent() && usable(loaded.get(), issuer, now)) {
      remember(url, loaded.get());
      return loaded;
    }
    return Optional.empty();
  }

  synchronized void clearMemory() {
    memory.clear();
    bytes = 0;
  }

  /** Keeps a verified, current CRL in memory and, if configured, in the directory. */
  void put(String url, ParsedCrl crl) {
    remember(url, crl);
    directory.ifPresent(dir -> store(dir, url, crl));
  }

  private static boolean usable(ParsedCrl crl, X509Certificate issuer, Instant now) {
    try {
      crl.verifyIssuedBy(issuer);
      crl.requireCurrent(now);
      return true;
    } catch (StatusUnknownException | RuntimeException e) {
      return false;
    }
  }

  private synchronized void remember(String url, ParsedCrl crl) {
    if (crl.size() > maxBytes || maxEntries == 0) {
      return;
    }
    ParsedCrl old = memory.put(url, crl);
    if (old != null) {
      bytes -= old.size();
    }
    bytes += crl.size();
    Iterator<Map.Entry<String, ParsedCrl>> it = memory.entrySet().iterator();
    while ((memory.size() > maxEntries || bytes > maxBytes) && it.hasNext()) {
      Map.Entry<String, ParsedCrl> eldest = it.next();
      bytes -= eldest.getValue().size();
      it.remove();
    }
  }

  static String fileName(String url) {
    return Der.sha256Hex(url.getBytes(StandardCharsets.UTF_8)) + ".crl";
  }

  private Optional<ParsedCrl> load(String url) {
    if (directory.isEmpty()) {
      return Optional.empty();
    }
    Path file = directory.get().resolve(fileName(url));
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      byte[] data;
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        data = in.readNBytes(maxCrlBytes + 1);
      }
      if (data.length > maxCrlBytes) {
        LOG.warn("ignoring cached CRL {}: larger than {} bytes", file, maxCrlBytes);
        return Optional.empty();
      }
      return Optional.of(ParsedCrl.parse(data));
    } catch (IOException | StatusUnknownException | RuntimeException e) {
      LOG.warn("ignoring cached CRL {} for {}: {}", file, url, e.getMessage());
      return Optional.empty();
    }
  }

  private static void store(Path dir, String url, ParsedCrl crl) {
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, ".crl-", ".tmp");
      Files.write(tmp, crl.encoded());
      Path target = dir.resolve(fileName(url));
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException | RuntimeException e) {
      // The cache is an optimisation and an offline aid; failing to write it never fails a check.
      LOG.warn("cannot write the CRL cache in {}: {}", dir, e.getMessage());
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          LOG.debug("cannot delete {}", tmp, e);
        }
      }
    }
  }
}
