package io.ratify.examples.cli.internal;

import io.ratify.api.ErrorCode;
import io.ratify.api.KeyManagementProvider;
import io.ratify.api.RatifyException;
import io.ratify.api.Store;
import io.ratify.core.Executor;
import io.ratify.core.ExecutorFactory;
import io.ratify.core.config.ConfigLoader;
import io.ratify.core.config.ConfigSet;
import io.ratify.core.config.RatifyConfig;
import io.ratify.core.plugins.PluginRegistry;
import io.ratify.oras.OciLayoutStore;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Loads a configuration, routes the subject to its executor and builds that executor, with the
 * layout store when asked for.
 */
public final class Session {
  private Session() {}

  /**
   * Builds the executor that the configuration (files and directories) routes {@code subject} to,
   * in {@code namespace} ({@code ""} for cluster scope); only that executor's plugins are created.
   */
  public static Executor executor(List<Path> config, String namespace, Subject subject)
      throws RatifyException {
    return executor(select(ConfigLoader.loadSet(config), namespace, subject), subject);
  }

  /** The configuration of the executor {@code subject} is routed to. */
  public static RatifyConfig select(ConfigSet set, String namespace, Subject subject)
      throws RatifyException {
    return set.select(namespace, subject.reference()).config();
  }

  /** Builds the executor for {@code subject} from a loaded configuration. */
  public static Executor executor(RatifyConfig config, Subject subject) throws RatifyException {
    PluginRegistry registry = PluginRegistry.load();
    ExecutorFactory factory = ExecutorFactory.of(registry);
    if (subject.layout().isPresent()) {
      validateReplacedStores(registry, config);
      return factory.create(config, layoutStore(subject.layout().get()));
    }
    return factory.create(config);
  }

  /**
   * The layout store replaces the configured stores, but the README promises that unknown types and
   * fields are errors: each configured store is created through its factory (which validates its
   * whole configuration) and closed again before anything is replaced.
   */
  private static void validateReplacedStores(PluginRegistry registry, RatifyConfig config)
      throws RatifyException {
    PluginContext context = storeContext(config.baseDirectory());
    for (PluginConfig sc : config.stores()) {
      Store store = registry.store(sc.type()).create(sc, context);
      if (store == null) {
        throw new RatifyException(
            ErrorCode.PLUGIN_INIT_FAILURE, "store '" + sc.name() + "': its factory returned null");
      }
      store.close();
    }
  }

  /** What a store factory may use: stores take no trust material, so no key providers. */
  private static PluginContext storeContext(Path baseDirectory) {
    return new PluginContext() {
      @Override
      public Optional<KeyManagementProvider> keyManagementProvider(String name) {
        return Optional.empty();
      }

      @Override
      public Set<String> keyManagementProviderNames() {
        return Set.of();
      }

      @Override
      public Clock clock() {
        return Clock.systemUTC();
      }

      @Override
      public Path baseDirectory() {
        return baseDirectory;
      }
    };
  }

  /** Opens the OCI layout store over {@code dir}. */
  public static Store layoutStore(Path dir) throws RatifyException {
    return OciLayoutStore.open(dir.toAbsolutePath());
  }
}
