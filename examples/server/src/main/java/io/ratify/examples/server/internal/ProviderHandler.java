package io.ratify.examples.server.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ratify.api.internal.json.JsonMappers;
import io.ratify.api.internal.parse.JsonLimits;
import io.ratify.api.internal.parse.Printable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the provider: Gatekeeper's external-data protocol on the API connector, {@code
 * /healthz} and {@code /readyz} on the health connector, {@code /metrics} on the metrics connector.
 *
 * <h2>Guarantees</h2>
 *
 * Every answer on the API paths is a well-formed {@code ProviderResponse}: a malformed body, a
 * wrong content type, too many keys or too many bytes get a {@code systemError} with a 4xx status,
 * a missing configuration a {@code systemError} with 503; a slow registry gives {@code TIMEOUT}
 * items in a 200 answer, never a 500. One INFO line is logged per request.
 */
public final class ProviderHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger("io.ratify.examples.server.requests");
  private static final String V1 = "/ratify/gatekeeper/v1/";
  private static final String V2 = "/ratify/gatekeeper/v2/";
  private static final String API_V1ALPHA1 = "externaldata.gatekeeper.sh/v1alpha1";
  private static final String API_V1BETA1 = "externaldata.gatekeeper.sh/v1beta1";

  /**
   * At most this much of a refused body is read and dropped before the answer. A client still
   * sending when the server answers and closes sees its write fail instead of the 413; past this
   * bound, that is its problem.
   */
  private static final long MAX_SWALLOW_BYTES = 16L << 20;

  private final JsonFactory json;
  private final ProviderService service;
  private final BackendManager backends;
  private final Metrics metrics;
  private final int maxKeys;
  private final int maxBodyBytes;
  private final boolean mutation;
  private volatile Connector apiConnector;
  private volatile Connector healthConnector;
  private volatile Connector metricsConnector;

  /** A handler serving {@code service}. */
  public ProviderHandler(
      ProviderService service,
      BackendManager backends,
      Metrics metrics,
      int maxKeys,
      int maxBodyBytes,
      boolean mutation) {
    this.service = service;
    this.backends = backends;
    this.metrics = metrics;
    this.maxKeys = maxKeys;
    this.maxBodyBytes = maxBodyBytes;
    this.mutation = mutation;
    // the kit's one JSON set-up, with the request format's tighter nesting and string bounds
    this.json =
        JsonMappers.strict(
                JsonLimits.DEFAULT
                    .withMaxNestingDepth(16)
                    .withMaxStringLength(ProviderKey.MAX_KEY_CHARS * 4))
            .getFactory();
  }

  /** Tells the handler which connector is which (the same one may serve health and metrics). */
  public void connectors(Connector api, Connector health, Connector metricsOrNull) {
    this.apiConnector = api;
    this.healthConnector = health;
    this.metricsConnector = metricsOrNull;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    Connector c = request.getConnectionMetaData().getConnector();
    String path = Request.getPathInContext(request);
    if (c == apiConnector) {
      return api(request, response, callback, path);
    }
    boolean get = HttpMethod.GET.is(request.getMethod());
    if (c == healthConnector && get && path.equals("/healthz")) {
      return text(response, callback, 200, "ok\n");
    }
    if (c == healthConnector && get && path.equals("/readyz")) {
      boolean ready = backends.ready();
      return text(
          response,
          callback,
          ready ? 200 : 503,
          (ready ? "ready: " : "not ready: ") + backends.status() + "\n");
    }
    if ((c == metricsConnector || (metricsConnector == null && c == healthConnector))
        && get
        && path.equals("/metrics")) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, Metrics.contentType());
      response.setStatus(200);
      response.write(true, ByteBuffer.wrap(metrics.scrape()), callback);
      return true;
    }
    return text(response, callback, 404, "not found\n");
  }

  private static boolean text(Response response, Callback callback, int status, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }

  private boolean api(Request request, Response response, Callback callback, String path) {
    long start = System.nanoTime();
    String apiVersion;
    String version;
    if (path.startsWith(V1)) {
      apiVersion = API_V1ALPHA1;
      version = "v1";
    } else if (path.startsWith(V2)) {
      apiVersion = API_V1BETA1;
      version = "v2";
    } else {
      return systemError(
          response,
          callback,
          404,
          API_V1BETA1,
          false,
          "not_found",
          "BAD_REQUEST: no such path: " + Printable.of(path, 200),
          start,
          path,
          0);
    }
    String op = path.substring(V1.length());
    boolean verify = op.equals("verify");
    if (!verify && !op.equals("mutate")) {
      return systemError(
          response,
          callback,
          404,
          apiVersion,
          false,
          "not_found",
          "BAD_REQUEST: no such path: " + Printable.of(path, 200),
          start,
          path,
          0);
    }
    if (!verify && !mutation) {
      return systemError(
          response,
          callback,
          404,
          apiVersion,
          true,
          "mutation_disabled",
          "UNSUPPORTED: mutation is disabled on this provider",
          start,
          path,
          0);
    }
    if (!HttpMethod.POST.is(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      return systemError(
          response,
          callback,
          405,
          apiVersion,
          !verify,
          "method",
          "BAD_REQUEST: use POST",
          start,
          path,
          0);
    }
    String ct = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (ct == null
        || !ct.toLowerCase(Locale.ROOT).split(";", 2)[0].trim().equals("application/json")) {
      return systemError(
          response,
          callback,
          415,
          apiVersion,
          !verify,
          "content_type",
          "BAD_REQUEST: the content type must be application/json, got "
              + (ct == null ? "none" : Printable.of(ct, 200)),
          start,
          path,
          0);
    }
    long length = request.getLength();
    if (length > maxBodyBytes) {
      if (length <= MAX_SWALLOW_BYTES) {
        swallow(request);
      }
      return systemError(
          response,
          callback,
          413,
          apiVersion,
          !verify,
          "too_large",
          "BAD_REQUEST: the request has "
              + length
              + " bytes, more than the limit of "
              + maxBodyBytes,
          start,
          path,
          0);
    }
    byte[] body;
    try (InputStream in = Content.Source.asInputStream(request)) {
      body = in.readNBytes(maxBodyBytes + 1);
      if (body.length > maxBodyBytes) {
        // from this stream: closing it before the end fails the request's content for good
        swallow(in);
      }
    } catch (IOException e) {
      return systemError(
          response,
          callback,
          400,
          apiVersion,
          !verify,
          "read",
          "BAD_REQUEST: cannot read the request body: " + e.getMessage(),
          start,
          path,
          0);
    }
    if (body.length > maxBodyBytes) {
      return systemError(
          response,
          callback,
          413,
          apiVersion,
          !verify,
          "too_large",
          "BAD_REQUEST: the request has more than " + maxBodyBytes + " bytes",
          start,
          path,
          0);
    }
    List<String> keys;
    try {
      keys = keys(body);
    } catch (BadRequest e) {
      return systemError(
          response,
          callback,
          400,
          apiVersion,
          !verify,
          "malformed",
          "BAD_REQUEST: " + e.getMessage(),
          start,
          path,
          0);
    }
    Optional<BackendManager.Lease> lease = backends.acquire();
    if (lease.isEmpty()) {
      return systemError(
          response,
          callback,
          503,
          apiVersion,
          !verify,
          "no_configuration",
          "CONFIG_INVALID: no valid configuration is loaded: " + backends.status(),
          start,
          path,
          keys.size());
    }
    List<Item> items;
    try (BackendManager.Lease l = lease.get()) {
      items = verify ? service.verify(l, keys, start) : service.mutate(l, keys, start);
    }
    byte[] out = responseJson(apiVersion, !verify, items, null);
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(out), callback);
    logAndCount(verify, version, path, 200, items, start);
    return true;
  }

  private void logAndCount(
      boolean verify, String version, String path, int status, List<Item> items, long start) {
    int allowed = 0, denied = 0, errors = 0, timeouts = 0, hits = 0;
    for (Item i : items) {
      switch (i.outcome()) {
        case ALLOWED -> allowed++;
        case DENIED -> denied++;
        case ERROR -> errors++;
        case TIMEOUT -> timeouts++;
      }
      if (i.cacheHit()) {
        hits++;
      }
      metrics
          .items
          .labelValues(verify ? "verify" : "mutate", i.outcome().name().toLowerCase(Locale.ROOT))
          .inc();
    }
    double ms = (System.nanoTime() - start) / 1e6;
    (verify ? metrics.verificationRequest : metrics.mutationRequest)
        .labelValues(version, String.valueOf(status))
        .observe(ms);
    if (LOG.isInfoEnabled()) {
      LOG.info(
          String.format(
              Locale.ROOT,
              "%s path=%s status=%d keys=%d allowed=%d denied=%d errors=%d timeouts=%d cacheHits=%d durationMs=%.1f",
              verify ? "verify" : "mutate",
              path,
              status,
              items.size(),
              allowed,
              denied,
              errors,
              timeouts,
              hits,
              ms));
    }
  }

  private boolean systemError(
      Response response,
      Callback callback,
      int status,
      String apiVersion,
      boolean idempotent,
      String reason,
      String message,
      long start,
      String path,
      int keys) {
    metrics.systemErrors.labelValues(reason).inc();
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(
        true, ByteBuffer.wrap(responseJson(apiVersion, idempotent, null, message)), callback);
    LOG.info(
        String.format(
            Locale.ROOT,
            "request path=%s status=%d keys=%d systemError=%s durationMs=%.1f",
            Printable.of(path, 200),
            status,
            keys,
            reason,
            (System.nanoTime() - start) / 1e6));
    return true;
  }

  /** Reads and drops a refused body, up to {@link #MAX_SWALLOW_BYTES}. */
  private static void swallow(Request request) {
    try (InputStream in = Content.Source.asInputStream(request)) {
      swallow(in);
    } catch (IOException e) {
      // closing a stream stopped at the bound: the connection ends, as it would have anyway
    }
  }

  /** Reads and drops what is left of {@code in}, up to {@link #MAX_SWALLOW_BYTES}. */
  private static void swallow(InputStream in) {
    byte[] sink = new byte[64 << 10];
    long total = 0;
    try {
      for (int n = in.read(sink); n >= 0 && total <= MAX_SWALLOW_BYTES; n = in.read(sink)) {
        total += n;
      }
    } catch (IOException e) {
      // the client is gone or broke off: the answer goes nowhere either way
    }
  }

  private static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;

    BadRequest(String m) {
      super(m);
    }
  }

  /** {@code request.keys} of a ProviderRequest; other fields are accepted and ignored. */
  private List<String> keys(byte[] body) throws BadRequest {
    List<String> keys = null;
    try (JsonParser p = json.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new BadRequest("the body is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        JsonToken t = p.nextToken();
        if (f.equals("request")) {
          if (t != JsonToken.START_OBJECT) {
            throw new BadRequest("'request' is not an object");
          }
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String g = p.currentName();
            JsonToken u = p.nextToken();
            if (g.equals("keys")) {
              if (keys != null) {
                throw new BadRequest("'request.keys' appears twice");
              }
              if (u != JsonToken.START_ARRAY) {
                throw new BadRequest("'request.keys' is not an array");
              }
              keys = new ArrayList<>();
              JsonToken e;
              while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                if (e != JsonToken.VALUE_STRING) {
                  throw new BadRequest("'request.keys' holds a value that is not a string");
                }
                if (keys.size() >= maxKeys) {
                  throw new BadRequest("the request has more than " + maxKeys + " keys");
                }
                keys.add(p.getText());
              }
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new BadRequest("trailing content after the JSON object");
      }
    } catch (IOException e) {
      throw new BadRequest("the body is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (keys == null) {
      throw new BadRequest("'request.keys' is missing");
    }
    return keys;
  }

  private static String firstLine(String m) {
    if (m == null) {
      return "";
    }
    int nl = m.indexOf('\n');
    return Printable.of(nl < 0 ? m : m.substring(0, nl), 200);
  }

  /** The ProviderResponse; fields are omitted when empty, as Gatekeeper's Go types do. */
  byte[] responseJson(String apiVersion, boolean idempotent, List<Item> items, String systemError) {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(256 + (items == null ? 0 : items.size() * 512));
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("apiVersion", apiVersion);
      g.writeStringField("kind", "ProviderResponse");
      g.writeObjectFieldStart("response");
      if (idempotent) {
        g.writeBooleanField("idempotent", true);
      }
      if (items != null && !items.isEmpty()) {
        g.writeArrayFieldStart("items");
        for (Item i : items) {
          g.writeStartObject();
          g.writeStringField("key", i.key());
          if (i.jsonValue().isPresent()) {
            g.writeFieldName("value");
            g.writeRawValue(i.jsonValue().get());
          }
          if (i.error().isPresent()) {
            g.writeStringField("error", i.error().get());
          }
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      if (systemError != null) {
        g.writeStringField("systemError", systemError);
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
