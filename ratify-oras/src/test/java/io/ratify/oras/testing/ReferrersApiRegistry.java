package io.ratify.oras.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ratify.api.testing.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process registry test double for the one thing no installable registry offers: the OCI
 * distribution spec 1.1 referrers API ({@code GET /v2/<name>/referrers/<digest>}), with {@code
 * artifactType} filtering (announced by {@code OCI-Filters-Applied}, or ignored when {@link
 * #applyFilters} is off), {@code Link} pagination and an empty index for unknown subjects. It also
 * serves manifests ({@code HEAD}/{@code GET}, {@code Docker-Content-Digest}) and blobs, read-only,
 * without authentication. Referrer descriptors carry the manifest's {@code artifactType}, else its
 * config media type, and its annotations, as the spec requires.
 */
public final class ReferrersApiRegistry implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final Map<String, TestArtifacts.Content> manifests = new ConcurrentHashMap<>();
  private final Map<String, String> tags = new ConcurrentHashMap<>();
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile int pageSize = 100;
  private volatile boolean applyFilters = true;
  private volatile Optional<String> linkAuthority = Optional.empty();

  private ReferrersApiRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress(TestPki.loopback(), 0), 32);
    server.createContext("/v2/", this::handle);
    server.start();
  }

  /** Starts the double on a free loopback port. */
  public static ReferrersApiRegistry start() throws IOException {
    return new ReferrersApiRegistry();
  }

  /** {@code 127.0.0.1:<port>}. */
  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Referrers per page (default 100). */
  public ReferrersApiRegistry pageSize(int n) {
    pageSize = n;
    return this;
  }

  /**
   * Whether the {@code artifactType} filter is applied (default true); when false it is ignored, as
   * some registries do.
   */
  public ReferrersApiRegistry applyFilters(boolean on) {
    applyFilters = on;
    return this;
  }

  /** Makes pagination links absolute on another authority (to test that clients refuse them). */
  public ReferrersApiRegistry linkAuthority(String authority) {
    linkAuthority = Optional.of(authority);
    return this;
  }

  /**
   * Back to the defaults (page size 100, filters applied, same-origin links) with an empty request
   * log; content stays.
   */
  public ReferrersApiRegistry reset() {
    pageSize = 100;
    applyFilters = true;
    linkAuthority = Optional.empty();
    requests.clear();
    return this;
  }

  /** Stores a manifest, optionally under a tag. */
  public void putManifest(TestArtifacts.Content m, Optional<String> tag) {
    manifests.put(m.digest(), m);
    tag.ifPresent(t -> tags.put(t, m.digest()));
  }

  /** Stores a blob. */
  public void putBlob(TestArtifacts.Content b) {
    blobs.put(b.digest(), b.bytes());
  }

  /** The requests served, as {@code "METHOD /path?query"}. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange x) throws IOException {
    try (x) {
      String path = x.getRequestURI().getRawPath();
      String query = x.getRequestURI().getRawQuery();
      requests.add(x.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
      int ref = path.indexOf("/referrers/");
      int man = path.indexOf("/manifests/");
      int blob = path.indexOf("/blobs/");
      if (ref > 0) {
        referrers(x, path.substring(4, ref), path.substring(ref + 11), query);
      } else if (man > 0) {
        String r = path.substring(man + 11);
        String digest = tags.getOrDefault(r, r);
        TestArtifacts.Content m = manifests.get(digest);
        if (m == null) {
          reply(
              x,
              404,
              "application/json",
              "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\"}]}".getBytes(StandardCharsets.UTF_8),
              Map.of());
        } else {
          reply(x, 200, m.mediaType(), m.bytes(), Map.of("Docker-Content-Digest", digest));
        }
      } else if (blob > 0) {
        byte[] b = blobs.get(path.substring(blob + 7));
        if (b == null) {
          reply(
              x,
              404,
              "application/json",
              "{\"errors\":[{\"code\":\"BLOB_UNKNOWN\"}]}".getBytes(StandardCharsets.UTF_8),
              Map.of());
        } else {
          reply(x, 200, "application/octet-stream", b, Map.of());
        }
      } else {
        reply(x, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
      }
    }
  }

  private void referrers(HttpExchange x, String name, String subject, String query)
      throws IOException {
    String artifactType = null;
    int page = 0;
    if (query != null) {
      for (String p : query.split("&")) {
        String[] kv = p.split("=", 2);
        String v = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
        if (kv[0].equals("artifactType")) {
          artifactType = v;
        } else if (kv[0].equals("page")) {
          page = Integer.parseInt(v);
        }
      }
    }
    List<ObjectNode> all = new ArrayList<>();
    for (TestArtifacts.Content m :
        manifests.values().stream().sorted((a, b) -> a.digest().compareTo(b.digest())).toList()) {
      JsonNode n = JSON.readTree(m.bytes());
      if (!n.path("subject").path("digest").asText().equals(subject)) {
        continue;
      }
      String type =
          n.has("artifactType")
              ? n.get("artifactType").asText()
              : n.path("config").path("mediaType").asText();
      if (applyFilters && artifactType != null && !artifactType.equals(type)) {
        continue;
      }
      ObjectNode d = m.descriptor().put("artifactType", type);
      if (n.has("annotations")) {
        d.set("annotations", n.get("annotations"));
      }
      all.add(d);
    }
    ObjectNode index =
        JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", TestArtifacts.OCI_INDEX);
    var arr = index.putArray("manifests");
    int from = page * pageSize;
    for (int i = from; i < Math.min(all.size(), from + pageSize); i++) {
      arr.add(all.get(i));
    }
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    if (applyFilters && artifactType != null) {
      headers.put("OCI-Filters-Applied", "artifactType");
    }
    if (from + pageSize < all.size()) {
      String next =
          "/v2/"
              + name
              + "/referrers/"
              + subject
              + "?page="
              + (page + 1)
              + (artifactType == null
                  ? ""
                  : "&artifactType="
                      + java.net.URLEncoder.encode(artifactType, StandardCharsets.UTF_8));
      String target = linkAuthority.map(a -> "http://" + a + next).orElse(next);
      headers.put("Link", "<" + target + ">; rel=\"next\"");
    }
    reply(x, 200, TestArtifacts.OCI_INDEX, JSON.writeValueAsBytes(index), headers);
  }

  private static void reply(
      HttpExchange x, int status, String type, byte[] body, Map<String, String> headers)
      throws IOException {
    x.getResponseHeaders().set("Content-Type", type);
    headers.forEach((k, v) -> x.getResponseHeaders().set(k, v));
    boolean head = x.getRequestMethod().equals("HEAD");
    if (head) {
      x.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      x.sendResponseHeaders(status, -1);
    } else {
      x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      x.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
