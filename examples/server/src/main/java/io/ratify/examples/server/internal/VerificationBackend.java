package io.ratify.examples.server.internal;

import io.ratify.api.Digest;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import java.time.Duration;

/**
 * The narrow seam between the HTTP layer and whatever verifies: resolve a tag, verify a pinned
 * subject. One backend is built per configuration; requests route through it by namespace (the
 * cluster scope is the empty string).
 */
public interface VerificationBackend extends AutoCloseable {
  /** A fingerprint of the configuration this backend was built from. */
  String fingerprint();

  /**
   * Resolves {@code ref} (which has a tag and no digest) to the digest of its manifest.
   *
   * @throws RatifyException the store's failure, {@code TIMEOUT} past {@code budget}
   */
  Digest resolve(String namespace, Reference ref, Duration budget) throws RatifyException;

  /**
   * Verifies {@code pinned} (a reference with a digest). Failures after resolution are a denied
   * verdict; the call itself fails only when the subject cannot be resolved at all.
   */
  Verdict validate(String namespace, Reference pinned) throws RatifyException;

  /** Releases the plugins. Never throws. */
  @Override
  void close();
}
