package io.ratify.oras.internal.auth;

import io.ratify.api.RatifyException;
import java.util.List;
import java.util.Optional;

/** Finds the credential for one registry host ({@code host[:port]}); thread-safe. */
@FunctionalInterface
public interface CredentialProvider {
  /** No credentials anywhere: every registry is contacted anonymously. */
  CredentialProvider ANONYMOUS = registry -> Optional.empty();

  /** The credential for {@code registry}, empty for anonymous access. */
  Optional<Credential> find(String registry) throws RatifyException;

  /** Asks each provider in turn; the first that has a credential wins. */
  static CredentialProvider chain(List<CredentialProvider> providers) {
    List<CredentialProvider> copy = List.copyOf(providers);
    return registry -> {
      for (CredentialProvider p : copy) {
        Optional<Credential> c = p.find(registry);
        if (c.isPresent()) {
          return c;
        }
      }
      return Optional.empty();
    };
  }
}
