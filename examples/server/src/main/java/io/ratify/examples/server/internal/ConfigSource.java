package io.ratify.examples.server.internal;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the configuration comes from, and its fingerprint: one file (YAML documents or Ratify's
 * {@code config.json}), or a directory of them, as a Kubernetes ConfigMap mount gives it. In a
 * directory, the regular files named {@code *.yaml}, {@code *.yml} or {@code *.json} count, in name
 * order, as {@code ConfigLoader.loadSet} reads them; hidden entries ({@code ..data}, the
 * timestamped folders of a ConfigMap) are skipped and the visible symlinks followed, so an atomic
 * ConfigMap update is seen as one change.
 */
public final class ConfigSource {
  /** More files than this in a directory is a configuration error. */
  public static final int MAX_FILES = 256;

  private final Path path;

  /** A source reading {@code path}. */
  public ConfigSource(Path path) {
    this.path = path.toAbsolutePath();
  }

  /** The file or directory read. */
  public Path path() {
    return path;
  }

  /** A snapshot of the text and its fingerprint. */
  public record Snapshot(String text, String fingerprint, Path baseDirectory, String origin) {}

  /**
   * Reads the current text.
   *
   * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} when it cannot be read
   */
  public Snapshot read() throws RatifyException {
    try {
      if (Files.isDirectory(path)) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(path)) {
          s.filter(p -> !p.getFileName().toString().startsWith("."))
              .filter(p -> isConfigName(p.getFileName().toString()))
              .filter(Files::isRegularFile)
              .sorted()
              .forEach(files::add);
        }
        if (files.isEmpty()) {
          throw invalid(path + ": the directory holds no *.yaml, *.yml or *.json file");
        }
        if (files.size() > MAX_FILES) {
          throw invalid(path + ": the directory holds more than " + MAX_FILES + " files");
        }
        StringBuilder text = new StringBuilder();
        for (Path f : files) {
          text.append(f.getFileName()).append('\0');
          text.append(Files.readString(f, StandardCharsets.UTF_8)).append('\0');
        }
        String t = text.toString();
        return new Snapshot(t, sha256(t), path, path.toString());
      }
      String t = Files.readString(path, StandardCharsets.UTF_8);
      Path dir = path.getParent();
      return new Snapshot(t, sha256(t), dir == null ? Path.of("") : dir, path.toString());
    } catch (IOException | RuntimeException e) {
      throw invalid(
          path + ": cannot read the configuration (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static boolean isConfigName(String n) {
    return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static RatifyException invalid(String detail) {
    return new RatifyException(
        ErrorCode.CONFIG_INVALID, detail, "check the configuration path", null);
  }
}
