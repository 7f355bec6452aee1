package io.ratify.oras;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.spi.PluginConfig;
import io.ratify.spi.PluginKind;
import io.ratify.spi.TypedPluginConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The typed configuration of the {@code oci-layout} store: an OCI image layout directory (the
 * {@code oci-layout} file, {@code index.json} and {@code blobs/}), as {@code oras copy
 * --to-oci-layout} or {@code notation sign --oci-layout} write it.
 *
 * <p><b>What a subject means with this store.</b> A layout is a single repository with no registry,
 * so a subject such as {@code localhost/app:v1} is looked up by its tag ({@code v1}, the {@code
 * org.opencontainers.image.ref.name} annotation in {@code index.json}) or its digest alone. Its
 * {@code registry/repository} part ({@code localhost/app}) does not select anything in the layout;
 * it is the scope that a notation trust policy's {@code registryScopes} are matched against, so
 * choose one that your trust policy names (or use the {@code *} scope).
 *
 * <p>Immutable; renders to the parameters {@code path}, {@code maxManifestBytes}, {@code
 * maxBlobBytes}.
 */
public final class OciLayoutStoreConfig implements TypedPluginConfig {
  private static final long MAX_BYTES = 1L << 30;

  private final String name;
  private final Path path;
  private final Optional<Long> maxManifestBytes;
  private final Optional<Long> maxBlobBytes;

  private OciLayoutStoreConfig(Builder b) {
    this.name = b.name;
    this.path = b.path;
    this.maxManifestBytes = b.maxManifestBytes;
    this.maxBlobBytes = b.maxBlobBytes;
  }

  /**
   * A store named {@code oci-layout} reading the layout at {@code path}, with the default bounds.
   *
   * @param path the layout directory; a relative path resolves against the configuration's base
   *     directory
   * @return the configuration
   * @throws RatifyException never for a non-null path; declared by {@link Builder#build()}
   */
  public static OciLayoutStoreConfig of(Path path) throws RatifyException {
    return builder(path).build();
  }

  /**
   * A builder for the layout at {@code path}.
   *
   * @param path the layout directory; a relative path resolves against the configuration's base
   *     directory
   * @return a new builder
   */
  public static Builder builder(Path path) {
    return new Builder(path);
  }

  /**
   * The layout directory.
   *
   * @return the path as given
   */
  public Path path() {
    return path;
  }

  @Override
  public PluginConfig toPluginConfig() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("path", path.toString());
    maxManifestBytes.ifPresent(n -> p.put("maxManifestBytes", number(n)));
    maxBlobBytes.ifPresent(n -> p.put("maxBlobBytes", number(n)));
    return PluginConfig.of(PluginKind.STORE, name, "oci-layout", p);
  }

  /** As a YAML parser gives numbers: an int when it fits. */
  static Object number(long n) {
    return n <= Integer.MAX_VALUE ? (Object) (int) n : (Object) n;
  }

  @Override
  public String toString() {
    return "OciLayoutStoreConfig[" + name + ", " + toPluginConfig().parameters() + "]";
  }

  /** Assembles the configuration; {@link #build()} validates it. Not thread-safe. */
  public static final class Builder {
    private String name = "oci-layout";
    private final Path path;
    private Optional<Long> maxManifestBytes = Optional.empty();
    private Optional<Long> maxBlobBytes = Optional.empty();

    private Builder(Path path) {
      this.path = Objects.requireNonNull(path, "path");
    }

    /**
     * The store name in reports; default {@code oci-layout}.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The bound of one manifest; default 4 MiB.
     *
     * @param bytes 1 byte to 1 GiB
     * @return this builder
     */
    public Builder maxManifestBytes(long bytes) {
      this.maxManifestBytes = Optional.of(bytes);
      return this;
    }

    /**
     * The bound of one blob; default 32 MiB.
     *
     * @param bytes 1 byte to 1 GiB
     * @return this builder
     */
    public Builder maxBlobBytes(long bytes) {
      this.maxBlobBytes = Optional.of(bytes);
      return this;
    }

    /**
     * Validates and builds. The directory itself is opened when the executor is created.
     *
     * @return the configuration
     * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} when the name is blank or a bound is
     *     out of range
     */
    public OciLayoutStoreConfig build() throws RatifyException {
      if (name.isBlank()) {
        throw invalid("oci-layout store", "the name is blank");
      }
      bound("maxManifestBytes", maxManifestBytes);
      bound("maxBlobBytes", maxBlobBytes);
      return new OciLayoutStoreConfig(this);
    }

    private void bound(String field, Optional<Long> n) throws RatifyException {
      if (n.isPresent() && (n.get() < 1 || n.get() > MAX_BYTES)) {
        throw invalid(
            "oci-layout store '" + name + "'", field + " must be between 1 and " + MAX_BYTES);
      }
    }
  }

  static RatifyException invalid(String what, String problem) {
    return new RatifyException(
        ErrorCode.CONFIG_INVALID, what + ": " + problem, "fix the configuration in code", null);
  }
}
