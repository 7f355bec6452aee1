package io.ratify.core.config;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.internal.parse.BoundedFiles;
import io.ratify.core.internal.config.ConfigAssembler;
import io.ratify.core.internal.config.ConfigMappers;
import io.ratify.core.internal.config.TextReaders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a {@link RatifyConfig} from text. Two formats, told apart by content:
 *
 * <ul>
 *   <li>Kubernetes-style YAML documents ({@code apiVersion: config.ratify.deislabs.io/v1beta1} or
 *       {@code v1alpha1}; kinds {@code KeyManagementProvider}, {@code Store}, {@code Verifier},
 *       {@code Policy}, their {@code Namespaced} forms and the deprecated {@code
 *       CertificateStore}). The plugin type is {@code spec.type}, else {@code spec.provider}, else
 *       {@code spec.name}; the plugin name is {@code metadata.name}; a Verifier's {@code
 *       spec.artifactTypes} becomes the parameter {@code artifactTypes}.
 *   <li>Ratify's {@code config.json} (text starting with <code>{</code>): sections {@code store},
 *       {@code verifier}, {@code policy}, {@code executor} ({@code verificationRequestTimeout} in
 *       ms, plus the other {@link ExecutorLimits}: {@code concurrency}, {@code maxDepth}, {@code
 *       maxReferrers}, {@code maxPages} and {@code maxArtifacts}), and, as an extension, {@code
 *       keyManagementProviders} shaped like {@code store}. {@code logger} and {@code crl} are
 *       accepted and ignored.
 * </ul>
 *
 * <h2>Guarantees</h2>
 *
 * Input is bounded ({@value TextReaders#MAX_CHARS} characters; a file is never read beyond that
 * bound, whatever size it reports) and parsed safely: SnakeYAML's safe constructor with few
 * aliases, limited nesting, no custom tags and no duplicate keys; Jackson with duplicate detection
 * and limits. Every problem is a {@link RatifyException} with {@link ErrorCode#CONFIG_INVALID}
 * naming the file, the document (1-based, with kind and name once known), the field and what was
 * expected; parser exceptions never escape. Unknown fields are errors, not silently ignored.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * Reads and parses a Ratify v1 configuration file; relative paths in it resolve against its
   * directory. A file holding Ratify v2 executors or namespaced plugins needs {@link #loadSet}.
   *
   * @param file the file
   * @return the configuration
   * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} naming the file, document and field
   */
  public static RatifyConfig load(Path file) throws RatifyException {
    String text = read(file);
    Path dir = directoryOf(file);
    ConfigAssembler a = new ConfigAssembler(dir);
    parseInto(text, file.toString(), dir, a);
    return a.clusterOnly(file.toString());
  }

  /**
   * Reads a whole configuration from files and directories: Ratify v1 documents (cluster and
   * namespaced kinds), Ratify v2 {@code Executor} and {@code NamespacedExecutor} documents ({@code
   * config.ratify.sh/v2alpha1}), Ratify's {@code config.json} and v2's {@code config.json} ({@code
   * executors}). A directory contributes its {@code *.yaml}, {@code *.yml} and {@code *.json} files
   * (not its subdirectories), in name order. The cluster-level v1 documents of all files form one
   * configuration whose relative paths resolve against the first path's directory; a v2 executor's
   * relative paths resolve against its own file's directory.
   *
   * @param paths files and directories
   * @return the configuration
   * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} naming the file, document and field
   */
  public static ConfigSet loadSet(List<Path> paths) throws RatifyException {
    if (paths.isEmpty()) {
      throw invalid("(no configuration)", "give at least one configuration file or directory");
    }
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        List<Path> found;
        try (Stream<Path> s = Files.list(p)) {
          found =
              s.filter(f -> Files.isRegularFile(f) && CONFIG_FILE.matcher(name(f)).matches())
                  .sorted()
                  .limit(MAX_FILES + 1)
                  .toList();
        } catch (IOException e) {
          throw new RatifyException(
              ErrorCode.CONFIG_INVALID,
              p + ": cannot list the directory (" + e.getClass().getSimpleName() + ")",
              "check the path and its permissions",
              null);
        }
        if (found.isEmpty()) {
          throw invalid(p.toString(), "the directory holds no *.yaml, *.yml or *.json file");
        }
        files.addAll(found);
      } else {
        files.add(p);
      }
      if (files.size() > MAX_FILES) {
        throw invalid(p.toString(), "more than " + MAX_FILES + " configuration files");
      }
    }
    ConfigAssembler a =
        new ConfigAssembler(
            Files.isDirectory(paths.get(0))
                ? paths.get(0).toAbsolutePath().normalize()
                : directoryOf(paths.get(0)));
    for (Path f : files) {
      parseInto(read(f), f.toString(), directoryOf(f), a);
    }
    return a.build();
  }

  /**
   * Parses a whole configuration from text, as {@link #loadSet} does for one file; relative paths
   * resolve against the working directory.
   *
   * @param text the text
   * @param originName names the text in error messages, usually a file name
   * @return the configuration
   * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} naming the document and field
   */
  public static ConfigSet parseSet(String text, String originName) throws RatifyException {
    Path dir = Path.of("").toAbsolutePath();
    ConfigAssembler a = new ConfigAssembler(dir);
    parseInto(text, originName, dir, a);
    return a.build();
  }

  private static final int MAX_FILES = 256;
  private static final Pattern CONFIG_FILE = Pattern.compile("[^.].*\\.(yaml|yml|json)");

  private static String name(Path f) {
    Path n = f.getFileName();
    return n == null ? "" : n.toString();
  }

  private static Path directoryOf(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    return dir == null ? Path.of("").toAbsolutePath() : dir;
  }

  private static String read(Path file) throws RatifyException {
    String origin = file.toString();
    byte[] bytes;
    try {
      // a regular file says its size: refuse a large one without reading it
      if (Files.isRegularFile(file) && Files.size(file) > TextReaders.MAX_CHARS) {
        throw invalid(
            origin,
            "the file has "
                + Files.size(file)
                + " bytes, more than the limit of "
                + TextReaders.MAX_CHARS);
      }
      // links are followed and pipes allowed (/dev/stdin): the bound holds while reading
      bytes = BoundedFiles.read(file, TextReaders.MAX_CHARS, BoundedFiles.Links.FOLLOW);
    } catch (BoundedFiles.TooLargeException e) {
      throw invalid(
          origin,
          "the file has over "
              + TextReaders.MAX_CHARS
              + " bytes, more than the limit of "
              + TextReaders.MAX_CHARS);
    } catch (IOException e) {
      throw new RatifyException(
          ErrorCode.CONFIG_INVALID,
          origin + ": cannot read the file (" + e.getClass().getSimpleName() + ")",
          "check the path and its permissions",
          null);
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw invalid(origin, "the file is not UTF-8 text");
    }
    return text;
  }

  /**
   * Parses Ratify v1 configuration text; relative paths resolve against the working directory.
   *
   * @param text the text
   * @param originName names the text in error messages, usually a file name
   * @return the configuration
   * @throws RatifyException {@link ErrorCode#CONFIG_INVALID} naming the document and the field
   */
  public static RatifyConfig parse(String text, String originName) throws RatifyException {
    Path dir = Path.of("").toAbsolutePath();
    ConfigAssembler a = new ConfigAssembler(dir);
    parseInto(text, originName, dir, a);
    return a.clusterOnly(originName);
  }

  private static void parseInto(String text, String origin, Path baseDirectory, ConfigAssembler a)
      throws RatifyException {
    if (text == null || text.isBlank()) {
      throw invalid(origin, "the configuration is empty");
    }
    if (text.length() > TextReaders.MAX_CHARS) {
      throw invalid(
          origin,
          "the configuration has "
              + text.length()
              + " characters, more than the limit of "
              + TextReaders.MAX_CHARS);
    }
    if (TextReaders.looksLikeJson(text)) {
      ConfigMappers.configJson(TextReaders.json(text, origin), origin, baseDirectory, a);
    } else {
      ConfigMappers.kubernetes(TextReaders.yaml(text, origin), origin, baseDirectory, a);
    }
  }

  private static RatifyException invalid(String origin, String problem) {
    return new RatifyException(
        ErrorCode.CONFIG_INVALID, origin + ": " + problem, "fix the configuration", null);
  }
}
