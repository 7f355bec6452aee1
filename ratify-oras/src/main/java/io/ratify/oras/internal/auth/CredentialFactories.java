package io.ratify.oras.internal.auth;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.spi.PluginFactory;
import io.ratify.spi.RegistryCredentialProviderFactory;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry credential provider factories on the class path, found with {@link ServiceLoader}
 * (thread context class loader, else this module's), by name. A factory that cannot be loaded or
 * was built for another SPI version is left out; two factories claiming one name are an error.
 *
 * @param byName factory per name, sorted
 */
public record CredentialFactories(Map<String, RegistryCredentialProviderFactory> byName) {
  private static final Logger LOG = LoggerFactory.getLogger(CredentialFactories.class);

  public CredentialFactories {
    byName = Map.copyOf(byName);
  }

  /**
   * Discovers the factories.
   *
   * @throws RatifyException {@link ErrorCode#PLUGIN_INIT_FAILURE} when two factories claim a name
   */
  public static CredentialFactories load() throws RatifyException {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    Map<String, RegistryCredentialProviderFactory> out = new TreeMap<>();
    load(cl != null ? cl : CredentialFactories.class.getClassLoader(), out);
    if (cl != null && cl != CredentialFactories.class.getClassLoader()) {
      load(CredentialFactories.class.getClassLoader(), out);
    }
    return new CredentialFactories(out);
  }

  private static void load(ClassLoader loader, Map<String, RegistryCredentialProviderFactory> out)
      throws RatifyException {
    Iterator<RegistryCredentialProviderFactory> it =
        ServiceLoader.load(RegistryCredentialProviderFactory.class, loader).iterator();
    for (int attempts = 0; attempts < 1000; attempts++) {
      RegistryCredentialProviderFactory f;
      try {
        if (!it.hasNext()) {
          return;
        }
        f = it.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        LOG.debug("a registry credential provider factory could not be loaded: {}", e.toString());
        continue;
      } catch (NoSuchElementException e) {
        return;
      }
      if (f.spiVersion() != PluginFactory.SPI_VERSION) {
        LOG.debug(
            "{} is left out: built for SPI version {}, this is {}",
            f.getClass().getName(),
            f.spiVersion(),
            PluginFactory.SPI_VERSION);
        continue;
      }
      for (String name : f.names()) {
        RegistryCredentialProviderFactory had = out.putIfAbsent(name, f);
        if (had != null && had.getClass() != f.getClass()) {
          throw new RatifyException(
              ErrorCode.PLUGIN_INIT_FAILURE,
              "registry credential provider '"
                  + name
                  + "' is claimed by both "
                  + had.getClass().getName()
                  + " and "
                  + f.getClass().getName(),
              "remove one of the two jars from the class path",
              null);
        }
      }
    }
  }

  /** The factory for {@code name}. */
  public Optional<RegistryCredentialProviderFactory> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The known names. */
  public Set<String> names() {
    return byName.keySet();
  }
}
