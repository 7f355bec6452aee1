package io.ratify.examples.cli.internal;

import io.ratify.api.KeyManagementProvider;
import io.ratify.api.RatifyException;
import io.ratify.api.Store;
import io.ratify.core.Executor;
import io.ratify.core.ExecutorFactory;
import io.ratify.core.config.ConfigLoader;
import io.ratify.core.config.RatifyConfig;
import io.ratify.core.plugins.PluginRegistry;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.PluginKind;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Loads a configuration and builds the executor a command runs, with the layout store when asked for. */
public final class Session {
  private Session() {}

  /** The store type that reads OCI image layouts. */
  public static final String LAYOUT_STORE_TYPE = "oci-layout";

  /** Builds the executor for {@code subject} from the configuration file. */
  public static Executor executor(Path configFile, Subject subject) throws RatifyException {
    return executor(ConfigLoader.load(configFile), subject);
  }

  /** Builds the executor for {@code subject} from a loaded configuration. */
  public static Executor executor(RatifyConfig config, Subject subject) throws RatifyException {
    PluginRegistry registry = PluginRegistry.load();
    ExecutorFactory factory = ExecutorFactory.of(registry);
    if (subject.layout().isPresent()) {
      return factory.create(config, layoutStore(registry, subject.layout().get()));
    }
    return factory.create(config);
  }

  /** Opens the OCI layout store over {@code dir}. */
  public static Store layoutStore(PluginRegistry registry, Path dir) throws RatifyException {
    PluginConfig pc = PluginConfig.of(PluginKind.STORE, LAYOUT_STORE_TYPE, LAYOUT_STORE_TYPE,
        Map.of("path", dir.toAbsolutePath().toString()));
    return registry.store(LAYOUT_STORE_TYPE).create(pc, new PluginContext() {
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
        return dir.toAbsolutePath();
      }
    });
  }
}
