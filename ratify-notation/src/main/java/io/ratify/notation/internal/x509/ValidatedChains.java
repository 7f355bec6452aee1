package io.ratify.notation.internal.x509;

import io.ratify.api.internal.parse.Der;
import io.ratify.api.internal.parse.MalformedException;
import io.ratify.notation.internal.Check;
import io.ratify.notation.internal.VerificationFailure;
import io.ratify.notation.internal.envelope.SignatureAlgorithm;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses certificate chains and applies the deterministic {@link CertificateRules}, remembering
 * chains that passed. The cache key is the exact DER bytes of every certificate, so a hit means the
 * very same certificates were checked before; nothing time-dependent is cached (validity periods
 * are {@link ChainValidity}'s job, run every time). The cache is bounded in entries and in retained
 * certificate bytes (least recently used entries go first), because anyone who can push a signature
 * can make chains that pass these rules; it is safe for concurrent use.
 */
public final class ValidatedChains {
  /** Most chains remembered. */
  public static final int CAPACITY = 256;

  /**
   * Most DER bytes of the chains remembered (each is held twice: as the key and inside the parsed
   * certificates). A typical chain is a few KiB; without this bound, 256 chains of ten 64 KiB
   * certificates would pin over 300 MB.
   */
  public static final long MAX_RETAINED_BYTES = 4L << 20;

  // Access-ordered: iteration starts with the least recently used entry. Guarded by itself.
  private static final Map<Key, Entry> CACHE = new LinkedHashMap<>(64, 0.75f, true);
  private static long retainedBytes;

  private ValidatedChains() {}

  /**
   * A parsed chain that satisfies the code-signing rules, with the algorithm its leaf key implies.
   */
  public record Entry(List<X509Certificate> chain, SignatureAlgorithm algorithm) {}

  /**
   * Parses {@code ders} (leaf first) and validates them as a code-signing chain, or returns the
   * remembered result.
   *
   * @throws VerificationFailure with {@code failureCheck} when a certificate does not parse or a
   *     rule is broken
   */
  public static Entry codeSigning(List<byte[]> ders, Check failureCheck)
      throws VerificationFailure {
    Key key = new Key(ders);
    synchronized (CACHE) {
      Entry hit = CACHE.get(key);
      if (hit != null) {
        return hit;
      }
    }
    List<X509Certificate> chain = parse(ders, failureCheck);
    KeySpecs.Result spec = KeySpecs.algorithmFor(chain.get(0).getPublicKey());
    try {
      CertificateRules.validateCodeSigningChain(chain);
    } catch (VerificationFailure f) {
      throw f.check() == failureCheck ? f : new VerificationFailure(failureCheck, f.reason());
    }
    Entry entry = new Entry(List.copyOf(chain), spec.algorithm().orElseThrow());
    if (key.bytes <= MAX_RETAINED_BYTES) {
      synchronized (CACHE) {
        if (!CACHE.containsKey(key)) {
          CACHE.put(key, entry);
          retainedBytes += key.bytes;
          Iterator<Key> eldest = CACHE.keySet().iterator();
          while (CACHE.size() > CAPACITY || retainedBytes > MAX_RETAINED_BYTES) {
            retainedBytes -= eldest.next().bytes;
            eldest.remove();
          }
        }
      }
    }
    return entry;
  }

  /**
   * Parses DER certificates strictly with the parsing kit ({@link Der#chain}): each input must be
   * exactly one strict DER certificate (minimal lengths everywhere, unused bits zero in the
   * signature and key, no PEM, no trailing bytes).
   *
   * @throws VerificationFailure with {@code failureCheck} when one does not parse
   */
  public static List<X509Certificate> parse(List<byte[]> ders, Check failureCheck)
      throws VerificationFailure {
    try {
      return Der.chain(ders, Der.MAX_CHAIN_CERTIFICATES);
    } catch (MalformedException e) {
      throw new VerificationFailure(failureCheck, e.getMessage());
    }
  }

  /** Forgets everything (tests and benchmarks). */
  public static void clear() {
    synchronized (CACHE) {
      CACHE.clear();
      retainedBytes = 0;
    }
  }

  /** The DER bytes of the remembered chains, counted from the entries themselves (tests). */
  static long retainedBytes() {
    synchronized (CACHE) {
      return CACHE.keySet().stream().mapToLong(k -> k.bytes).sum();
    }
  }

  /** How many chains are remembered (tests). */
  static int size() {
    synchronized (CACHE) {
      return CACHE.size();
    }
  }

  private static final class Key {
    private final byte[][] ders;
    private final int hash;
    private final long bytes;

    Key(List<byte[]> list) {
      this.ders = list.toArray(new byte[0][]);
      this.hash = Arrays.deepHashCode(ders);
      long n = 0;
      for (byte[] d : ders) {
        n += d.length;
      }
      this.bytes = n;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && Arrays.deepEquals(ders, k.ders);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
