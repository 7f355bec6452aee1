package io.ratify.oras.internal;

import io.ratify.api.RatifyException;
import io.ratify.api.Store;
import io.ratify.oras.internal.layout.OciLayoutStoreImpl;
import io.ratify.oras.internal.registry.RegistrySettings;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginContext;
import io.ratify.spi.StoreFactory;
import java.nio.file.Path;
import java.util.Set;

/**
 * Creates the {@code oci-layout} store (alias {@code filesystem-oci-store}, Ratify v2's name).
 * Parameters: {@code path} (required; the layout directory, relative paths against the
 * configuration's directory), {@code maxManifestBytes} (default 4 MiB), {@code maxBlobBytes}
 * (default 32 MiB).
 */
public final class OciLayoutStoreFactory implements StoreFactory {
  private static final long MAX_BYTES = 1L << 30;

  @Override
  public String type() {
    return "oci-layout";
  }

  /** Ratify v2's name for the same store. */
  @Override
  public Set<String> aliases() {
    return Set.of("filesystem-oci-store");
  }

  @Override
  public Store create(PluginConfig config, PluginContext context) throws RatifyException {
    config.requireKnownParameters(Set.of("name", "path", "maxManifestBytes", "maxBlobBytes"));
    Path dir = context.baseDirectory().resolve(Path.of(config.requiredString("path")));
    long manifests =
        config
            .integer("maxManifestBytes", 1, MAX_BYTES)
            .orElse(RegistrySettings.DEFAULT_MAX_MANIFEST_BYTES);
    long blobs =
        config
            .integer("maxBlobBytes", 1, MAX_BYTES)
            .orElse(RegistrySettings.DEFAULT_MAX_BLOB_BYTES);
    try {
      return OciLayoutStoreImpl.open(config.name(), dir, manifests, blobs);
    } catch (RatifyException e) {
      throw config.invalid("path", e.detail());
    }
  }
}
