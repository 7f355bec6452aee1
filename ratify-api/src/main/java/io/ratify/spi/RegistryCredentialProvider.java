package io.ratify.spi;

import io.ratify.api.Deadline;
import io.ratify.api.RatifyException;
import java.util.Optional;

/**
 * Answers "which credential for registry host H?" for a registry store. Implementations are made by
 * a {@link RegistryCredentialProviderFactory} and must be thread-safe; they are asked on every
 * authentication, so they cache what is costly to obtain.
 *
 * <p>Contract: an empty answer means "this provider has no credential for this host" and the store
 * goes on anonymously; it is the only way to decline. A provider that should have a credential for
 * the host but cannot get one (a refused token exchange, an unreachable identity endpoint, the
 * deadline) throws, so the store fails closed instead of retrying anonymously.
 */
@FunctionalInterface
public interface RegistryCredentialProvider {
  /** No credential for any registry. */
  RegistryCredentialProvider ANONYMOUS = (registry, deadline) -> Optional.empty();

  /**
   * The credential for {@code registry}.
   *
   * @param registry the registry host as in the reference, {@code host[:port]}, lower case
   * @param deadline the time by which the answer is needed
   * @return the credential, or empty when this provider has none for {@code registry}
   * @throws RatifyException when a credential should exist but cannot be obtained ({@link
   *     io.ratify.api.ErrorCode#AUTH_DENIED}, {@link io.ratify.api.ErrorCode#TIMEOUT}, ...)
   */
  Optional<RegistryCredential> credential(String registry, Deadline deadline)
      throws RatifyException;
}
