package io.ratify.core.config;

import io.ratify.api.ErrorCode;
import io.ratify.api.RatifyException;
import io.ratify.api.internal.parse.BoundedFiles;
import io.ratify.core.internal.config.ConfigMappers;
import io.ratify.core.internal.config.TextReaders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

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
 *       ms, plus {@code concurrency} and {@code maxDepth}), and, as an extension, {@code
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

  /** Reads and parses a configuration file; relative paths in it resolve against its directory. */
  public static RatifyConfig load(Path file) throws RatifyException {
    String origin = file.toString();
    byte[] bytes;
    try {
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
    Path dir = file.toAbsolutePath().getParent();
    return parse(text, origin, dir == null ? Path.of("").toAbsolutePath() : dir);
  }

  /**
   * Parses configuration text; relative paths resolve against the working directory.
   *
   * @param originName names the text in error messages, usually a file name
   */
  public static RatifyConfig parse(String text, String originName) throws RatifyException {
    return parse(text, originName, Path.of("").toAbsolutePath());
  }

  private static RatifyConfig parse(String text, String origin, Path baseDirectory)
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
    RatifyConfig.Builder b = RatifyConfig.builder().baseDirectory(baseDirectory);
    if (TextReaders.looksLikeJson(text)) {
      ConfigMappers.configJson(TextReaders.json(text, origin), origin, b);
    } else {
      ConfigMappers.kubernetes(TextReaders.yaml(text, origin), origin, b);
    }
    return b.build();
  }

  private static RatifyException invalid(String origin, String problem) {
    return new RatifyException(
        ErrorCode.CONFIG_INVALID, origin + ": " + problem, "fix the configuration", null);
  }
}
