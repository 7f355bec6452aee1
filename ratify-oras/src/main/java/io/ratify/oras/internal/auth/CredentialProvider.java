package io.ratify.oras.internal.auth;

import io.ratify.api.Deadline;
import io.ratify.api.RatifyException;
import io.ratify.spi.RegistryCredential;
import io.ratify.spi.RegistryCredentialProvider;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Finds the credential for one registry host ({@code host[:port]}); thread-safe. */
@FunctionalInterface
public interface CredentialProvider {
  /** No credentials anywhere: every registry is contacted anonymously. */
  CredentialProvider ANONYMOUS = registry -> Optional.empty();

  /** The credential for {@code registry}, empty for anonymous access. */
  Optional<Credential> find(String registry) throws RatifyException;

  /**
   * The credential for {@code registry}, looked up within {@code deadline}. Providers that may
   * block (credential helper processes) override this to honour the deadline; the default checks it
   * and calls {@link #find(String)}.
   */
  default Optional<Credential> find(String registry, Deadline deadline) throws RatifyException {
    deadline.check("credentials for " + registry);
    return find(registry);
  }

  /** A provider from the SPI. */
  static CredentialProvider of(RegistryCredentialProvider spi) {
    Objects.requireNonNull(spi, "spi");
    if (spi instanceof SpiView v) {
      return v.inner();
    }
    return new CredentialProvider() {
      @Override
      public Optional<Credential> find(String registry) throws RatifyException {
        return find(registry, Deadline.after(Duration.ofSeconds(30)));
      }

      @Override
      public Optional<Credential> find(String registry, Deadline deadline) throws RatifyException {
        deadline.check("credentials for " + registry);
        return spi.credential(registry, deadline).map(Credential::of);
      }

      @Override
      public String toString() {
        return spi.toString();
      }
    };
  }

  /** This provider behind the SPI. */
  default RegistryCredentialProvider toSpi() {
    return new SpiView(this);
  }

  /** The SPI face of an internal provider. */
  record SpiView(CredentialProvider inner) implements RegistryCredentialProvider {
    @Override
    public Optional<RegistryCredential> credential(String registry, Deadline deadline)
        throws RatifyException {
      return inner.find(registry, deadline).map(Credential::toSpi);
    }

    @Override
    public String toString() {
      return inner.toString();
    }
  }

  /** Asks each provider in turn; the first that has a credential wins. */
  static CredentialProvider chain(List<CredentialProvider> providers) {
    List<CredentialProvider> copy = List.copyOf(providers);
    return new CredentialProvider() {
      @Override
      public Optional<Credential> find(String registry) throws RatifyException {
        for (CredentialProvider p : copy) {
          Optional<Credential> c = p.find(registry);
          if (c.isPresent()) {
            return c;
          }
        }
        return Optional.empty();
      }

      @Override
      public Optional<Credential> find(String registry, Deadline deadline) throws RatifyException {
        for (CredentialProvider p : copy) {
          Optional<Credential> c = p.find(registry, deadline);
          if (c.isPresent()) {
            return c;
          }
        }
        return Optional.empty();
      }
    };
  }
}
