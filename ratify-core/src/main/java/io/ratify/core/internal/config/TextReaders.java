package io.ratify.core.internal.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ratify.api.RatifyException;
import io.ratify.api.internal.json.JsonMappers;
import io.ratify.api.internal.parse.JsonLimits;
import io.ratify.spi.PluginConfig;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns configuration text into plain trees (maps with string keys, lists, strings, integers,
 * doubles, booleans, nulls) under hard limits, so nothing a parser can build (dates, binary, sets,
 * objects) reaches a plugin, and no parser exception or stack trace reaches the user: every failure
 * is {@code CONFIG_INVALID} naming the document.
 */
public final class TextReaders {
  /** The most characters one configuration text may have. */
  public static final int MAX_CHARS = 1 << 20;

  static final int MAX_ALIASES = 50;

  /** The deepest nesting, JSON or YAML: the kit's one JSON limit. */
  static final int MAX_NESTING = JsonLimits.DEFAULT.maxNestingDepth();

  static final int MAX_DOCUMENTS = 256;

  // the kit's one JSON set-up: duplicates and trailing tokens refused, JsonLimits.DEFAULT (nesting
  // MAX_NESTING, strings up to MAX_CHARS, numbers of 64 characters)
  private static final ObjectMapper JSON = JsonMappers.strict();

  private TextReaders() {}

  /**
   * A parsed document: its 1-based position in the text and its tree (null for an empty document).
   */
  public record Document(int index, Object tree) {}

  /** Whether {@code text} is JSON (its first significant character opens an object). */
  public static boolean looksLikeJson(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isWhitespace(c) && c != '\uFEFF') {
        return c == '{';
      }
    }
    return false;
  }

  /** Parses one JSON document. */
  public static Object json(String text, String origin) throws RatifyException {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      String msg =
          e.getOriginalMessage() == null ? "malformed JSON" : firstLine(e.getOriginalMessage());
      throw Fields.invalid(origin, "", "not valid JSON" + where + ": " + msg);
    } catch (RuntimeException e) {
      throw Fields.invalid(origin, "", "not valid JSON: " + e.getClass().getSimpleName());
    }
    if (node == null || node.isMissingNode()) {
      throw Fields.invalid(origin, "", "the JSON document is empty");
    }
    return plain(node, origin, "");
  }

  private static Object plain(JsonNode n, String origin, String path) throws RatifyException {
    if (n.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), plain(e.getValue(), origin, join(path, e.getKey())));
      }
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      for (int i = 0; i < n.size(); i++) {
        l.add(plain(n.get(i), origin, path + "[" + i + "]"));
      }
      return l;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isNull()) {
      return null;
    }
    if (n.isInt()) {
      return n.intValue();
    }
    if (n.isLong()) {
      return n.longValue();
    }
    if (n.isIntegralNumber()) {
      throw Fields.invalid(origin, path, "integer out of range");
    }
    if (n.isNumber()) {
      double d = n.doubleValue();
      if (!Double.isFinite(d)) {
        // 1e999 parses to infinity; refused as in YAML, so no plugin ever sees a non-finite number
        throw Fields.invalid(origin, path, "NaN and infinite numbers are not allowed");
      }
      return d;
    }
    throw Fields.invalid(origin, path, "unsupported JSON value");
  }

  /** Parses every YAML document of {@code text}, safely and under limits. */
  public static List<Document> yaml(String text, String origin) throws RatifyException {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(MAX_CHARS);
    options.setProcessComments(false);
    options.setTagInspector(tag -> false);
    DumperOptions dumper = new DumperOptions();
    Yaml yaml =
        new Yaml(
            new PlainConstructor(options),
            new Representer(dumper),
            dumper,
            options,
            new NoTimestamps());
    List<Document> docs = new ArrayList<>();
    int index = 0;
    long[] budget = {MAX_CHARS};
    try {
      Iterator<Object> it = yaml.loadAll(text).iterator();
      while (true) {
        index++;
        if (!it.hasNext()) {
          break;
        }
        if (index > MAX_DOCUMENTS) {
          throw Fields.invalid(origin, "", "more than " + MAX_DOCUMENTS + " YAML documents");
        }
        Object tree = it.next();
        docs.add(
            new Document(
                index,
                tree == null
                    ? null
                    : yamlPlain(tree, origin + ", document " + index, "", 0, budget)));
      }
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark();
      String where =
          m == null ? "" : " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1);
      String problem = e.getProblem() == null ? firstLine(e.getMessage()) : e.getProblem();
      throw Fields.invalid(
          origin + ", document " + index, "", "not valid YAML" + where + ": " + problem);
    } catch (YAMLException e) {
      throw Fields.invalid(
          origin + ", document " + index, "", "not acceptable YAML: " + firstLine(e.getMessage()));
    } catch (RuntimeException | StackOverflowError e) {
      throw Fields.invalid(
          origin + ", document " + index, "", "not valid YAML: " + e.getClass().getSimpleName());
    }
    return docs;
  }

  /**
   * A plain copy of a constructed YAML value. Aliases share nodes, so a copy can be exponentially
   * larger than the text even under the alias count; {@code budget} (characters of every scalar and
   * key, one per collection) bounds it. Without aliases a text never uses more than its own length,
   * so only alias expansion is refused.
   */
  private static Object yamlPlain(Object v, String origin, String path, int depth, long[] budget)
      throws RatifyException {
    if (depth > MAX_NESTING) {
      throw Fields.invalid(origin, path, "nested deeper than " + MAX_NESTING + " levels");
    }
    budget[0] -= v instanceof String s ? Math.max(1, s.length()) : 1;
    if (budget[0] < 0) {
      throw Fields.invalid(
          origin,
          path,
          "the text expands to more than " + MAX_CHARS + " characters through aliases");
    }
    if (v == null
        || v instanceof String
        || v instanceof Boolean
        || v instanceof Integer
        || v instanceof Long) {
      return v;
    }
    if (v instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        throw Fields.invalid(origin, path, "NaN and infinite numbers are not allowed");
      }
      return d;
    }
    if (v instanceof BigInteger) {
      throw Fields.invalid(origin, path, "integer out of range");
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String k)) {
          throw Fields.invalid(
              origin, path, "keys must be strings, found " + PluginConfig.describe(e.getKey()));
        }
        budget[0] -= k.length();
        out.put(k, yamlPlain(e.getValue(), origin, join(path, k), depth + 1, budget));
      }
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (int i = 0; i < l.size(); i++) {
        out.add(yamlPlain(l.get(i), origin, path + "[" + i + "]", depth + 1, budget));
      }
      return out;
    }
    throw Fields.invalid(
        origin,
        path,
        "unsupported YAML value ("
            + (v instanceof byte[] ? "binary" : v.getClass().getSimpleName())
            + "); use strings, numbers, booleans, lists and mappings");
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  /**
   * The safe constructor without {@code !!omap}, {@code !!pairs} and {@code !!set}: an ordered map
   * is built without the duplicate-key check (its last entry silently wins), and none of the three
   * has a use in a configuration.
   */
  private static final class PlainConstructor extends SafeConstructor {
    PlainConstructor(LoaderOptions options) {
      super(options);
      yamlConstructors.remove(Tag.OMAP);
      yamlConstructors.remove(Tag.PAIRS);
      yamlConstructors.remove(Tag.SET);
    }
  }

  /** Leaves dates as strings: a configuration has no use for {@code java.util.Date}. */
  private static final class NoTimestamps extends Resolver {
    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
      Tag t = super.resolve(kind, value, implicit);
      return implicit && Tag.TIMESTAMP.equals(t) ? Tag.STR : t;
    }
  }
}
