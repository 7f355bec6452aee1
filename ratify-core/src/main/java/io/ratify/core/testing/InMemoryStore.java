package io.ratify.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ratify.api.Deadline;
import io.ratify.api.Descriptor;
import io.ratify.api.Digest;
import io.ratify.api.ErrorCode;
import io.ratify.api.Manifest;
import io.ratify.api.MediaTypes;
import io.ratify.api.RatifyException;
import io.ratify.api.Reference;
import io.ratify.api.ReferrerPage;
import io.ratify.api.Store;
import io.ratify.api.internal.json.JsonMappers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Store} held in memory, for tests of executors and plugins. Content is addressed by
 * digest in one namespace shared by all repositories; tags are per repository ({@code
 * registry/repo:tag}). Referrers are the manifests whose {@code subject} names a manifest, listed
 * in the order they were added.
 *
 * <h2>Guarantees</h2>
 *
 * Behaves as the {@link Store} contract requires: every fetch returns content matching the
 * descriptor's digest and size, failures are {@link RatifyException}s, and every call honours its
 * {@link Deadline}. It can be told to fail listing or resolution, to be slow, to throttle after
 * some calls, or to receive tampered bytes for a blob (which it then refuses with {@link
 * ErrorCode#DIGEST_MISMATCH}, as a conforming store must), and it counts calls per {@link
 * Operation}. Immutable after {@link Builder#build()} apart from its counters; thread-safe.
 */
public final class InMemoryStore implements Store {
  /** The store operations, for {@link #calls(Operation)}. */
  public enum Operation {
    /** {@link #resolve}. */
    RESOLVE,
    /** {@link #listReferrers}. */
    LIST_REFERRERS,
    /** {@link #fetchManifest}. */
    FETCH_MANIFEST,
    /** {@link #fetchBlob}. */
    FETCH_BLOB
  }

  private static final ObjectMapper JSON = JsonMappers.strict();

  private final String name;
  private final Map<Digest, Manifest> manifests;
  private final Map<Digest, byte[]> blobs;
  private final Map<String, Digest> tags;
  private final Map<Digest, List<Descriptor>> referrers;
  private final int pageSize;
  private final Duration latency;
  private final Optional<ErrorCode> failListing;
  private final Optional<ErrorCode> failResolve;
  private final long throttleAfter;
  private final Set<Digest> tampered;
  private final Map<Operation, AtomicLong> counts = new EnumMap<>(Operation.class);
  private final AtomicLong total = new AtomicLong();

  private InMemoryStore(Builder b) {
    this.name = b.name;
    this.manifests = Map.copyOf(b.manifests);
    this.blobs = Map.copyOf(b.blobs);
    this.tags = Map.copyOf(b.tags);
    Map<Digest, List<Descriptor>> refs = new LinkedHashMap<>();
    b.referrers.forEach((k, v) -> refs.put(k, List.copyOf(v)));
    this.referrers = Map.copyOf(refs);
    this.pageSize = b.pageSize;
    this.latency = b.latency;
    this.failListing = b.failListing;
    this.failResolve = b.failResolve;
    this.throttleAfter = b.throttleAfter;
    this.tampered = Set.copyOf(b.tampered);
    for (Operation op : Operation.values()) {
      counts.put(op, new AtomicLong());
    }
  }

  /**
   * A builder for an empty store named {@code memory}.
   *
   * @return a builder for an empty store named {@code memory}
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * How many times {@code op} was called (including calls that failed).
   *
   * @param op the operation
   * @return how many times {@code op} was called (including calls that failed)
   */
  public long calls(Operation op) {
    return counts.get(op).get();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "memory";
  }

  @Override
  public Descriptor resolve(Reference reference, Deadline deadline) throws RatifyException {
    enter(Operation.RESOLVE, deadline);
    if (failResolve.isPresent()) {
      throw new RatifyException(
          failResolve.get(), "store '" + name + "' was told to fail resolving " + reference);
    }
    Digest d =
        reference
            .digest()
            .orElseGet(() -> tags.get(reference.name() + ":" + reference.tag().orElse("latest")));
    Manifest m = d == null ? null : manifests.get(d);
    if (m == null) {
      throw new RatifyException(
          ErrorCode.RESOURCE_NOT_FOUND,
          "store '" + name + "' has no manifest " + reference,
          "push the artifact first",
          null);
    }
    return m.descriptor();
  }

  @Override
  public ReferrerPage listReferrers(
      Reference subject, Set<String> artifactTypes, Optional<String> pageToken, Deadline deadline)
      throws RatifyException {
    enter(Operation.LIST_REFERRERS, deadline);
    if (failListing.isPresent()) {
      throw new RatifyException(
          failListing.get(),
          "store '" + name + "' was told to fail listing the referrers of " + subject);
    }
    Digest d =
        subject
            .digest()
            .orElseThrow(
                () ->
                    new RatifyException(ErrorCode.BAD_REQUEST, "listing referrers needs a digest"));
    List<Descriptor> all =
        referrers.getOrDefault(d, List.of()).stream()
            .filter(r -> artifactTypes.isEmpty() || artifactTypes.contains(r.artifactTypeOrEmpty()))
            .toList();
    int from = 0;
    if (pageToken.isPresent()) {
      try {
        from = Integer.parseInt(pageToken.get());
      } catch (NumberFormatException e) {
        from = -1;
      }
      if (from < 0 || from > all.size()) {
        throw new RatifyException(
            ErrorCode.BAD_REQUEST, "store '" + name + "': invalid page token");
      }
    }
    int to = Math.min(all.size(), from + pageSize);
    return new ReferrerPage(
        all.subList(from, to),
        to < all.size() ? Optional.of(Integer.toString(to)) : Optional.empty());
  }

  @Override
  public Manifest fetchManifest(Reference repository, Descriptor descriptor, Deadline deadline)
      throws RatifyException {
    enter(Operation.FETCH_MANIFEST, deadline);
    Manifest m = manifests.get(descriptor.digest());
    if (m == null || m.descriptor().size() != descriptor.size()) {
      throw new RatifyException(
          ErrorCode.GET_REFERRER_MANIFEST_FAILURE,
          "store '"
              + name
              + "' has no manifest "
              + descriptor.digest()
              + " of "
              + descriptor.size()
              + " bytes");
    }
    return m;
  }

  @Override
  public byte[] fetchBlob(Reference repository, Descriptor descriptor, Deadline deadline)
      throws RatifyException {
    enter(Operation.FETCH_BLOB, deadline);
    byte[] b = blobs.get(descriptor.digest());
    if (b == null || b.length != descriptor.size()) {
      throw new RatifyException(
          ErrorCode.GET_BLOB_CONTENT_FAILURE,
          "store '"
              + name
              + "' has no blob "
              + descriptor.digest()
              + " of "
              + descriptor.size()
              + " bytes");
    }
    byte[] received = b.clone();
    if (tampered.contains(descriptor.digest())) {
      // what a hostile registry or a corrupting proxy would hand over: same size, other bytes
      received[received.length / 2] ^= 0x01;
    }
    if (!Digest.sha256(received).equals(descriptor.digest())) {
      throw new RatifyException(
          ErrorCode.DIGEST_MISMATCH,
          "store '" + name + "' received blob content that does not match " + descriptor.digest(),
          "the registry or a proxy on the way altered the content; do not trust it",
          null);
    }
    return received;
  }

  private void enter(Operation op, Deadline deadline) throws RatifyException {
    counts.get(op).incrementAndGet();
    long n = total.incrementAndGet();
    deadline.check(op.name().toLowerCase(java.util.Locale.ROOT) + " in store '" + name + "'");
    if (!latency.isZero()) {
      Duration wait = deadline.cap(latency);
      try {
        Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RatifyException(
            ErrorCode.CANCELLED, op + " in store '" + name + "' was interrupted");
      }
      deadline.check(
          op.name().toLowerCase(java.util.Locale.ROOT) + " in store '" + name + "' finished");
    }
    if (n > throttleAfter) {
      throw new RatifyException(
          ErrorCode.THROTTLED,
          "store '" + name + "' answered 429 Too Many Requests",
          "retry later or raise the registry's rate limit",
          null);
    }
  }

  @Override
  public String toString() {
    return "InMemoryStore["
        + name
        + ", "
        + manifests.size()
        + " manifests, "
        + blobs.size()
        + " blobs]";
  }

  /**
   * Adds content and sets behaviour. The content methods return the descriptor of what they added,
   * for use in further calls; the behaviour methods return the builder. Not thread-safe.
   */
  public static final class Builder {
    private String name = "memory";
    private final Map<Digest, Manifest> manifests = new LinkedHashMap<>();
    private final Map<Digest, byte[]> blobs = new LinkedHashMap<>();
    private final Map<String, Digest> tags = new LinkedHashMap<>();
    private final Map<Digest, List<Descriptor>> referrers = new LinkedHashMap<>();
    private int pageSize = 100;
    private Duration latency = Duration.ZERO;
    private Optional<ErrorCode> failListing = Optional.empty();
    private Optional<ErrorCode> failResolve = Optional.empty();
    private long throttleAfter = Long.MAX_VALUE;
    private final Set<Digest> tampered = new java.util.HashSet<>();
    private int counter;

    private Builder() {}

    /**
     * The store name (default {@code memory}).
     *
     * @param n the store name (default {@code memory})
     * @return this builder
     */
    public Builder name(String n) {
      this.name = Objects.requireNonNull(n, "name");
      return this;
    }

    /**
     * Referrers per page (default 100), to exercise paging.
     *
     * @param n referrers per page (default 100), to exercise paging
     * @return this builder
     */
    public Builder pageSize(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("page size must be positive");
      }
      this.pageSize = n;
      return this;
    }

    /**
     * Every call first waits this long (bounded by its deadline, after which it fails with
     * TIMEOUT).
     *
     * @param d the delay before every call
     * @return this builder
     */
    public Builder latency(Duration d) {
      this.latency = Objects.requireNonNull(d, "latency");
      return this;
    }

    /**
     * Every listing fails with {@code code}.
     *
     * @param code the code
     * @return this builder
     */
    public Builder failListing(ErrorCode code) {
      this.failListing = Optional.of(code);
      return this;
    }

    /**
     * Every resolution fails with {@code code}.
     *
     * @param code the code
     * @return this builder
     */
    public Builder failResolve(ErrorCode code) {
      this.failResolve = Optional.of(code);
      return this;
    }

    /**
     * After {@code n} calls in total, every call fails with {@link ErrorCode#THROTTLED}.
     *
     * @param n after {@code n} calls in total, every call fails with {@link ErrorCode#THROTTLED}
     * @return this builder
     */
    public Builder throttleAfter(long n) {
      this.throttleAfter = n;
      return this;
    }

    /**
     * Every fetch of {@code blob} receives altered bytes of the same size, which the store detects
     * and refuses with {@link ErrorCode#DIGEST_MISMATCH}. The blob must have been added and must
     * not be empty.
     *
     * @param blob the descriptor of a blob added before
     * @return this builder
     */
    public Builder tamperBlob(Descriptor blob) {
      byte[] b = blobs.get(blob.digest());
      if (b == null || b.length == 0) {
        throw new IllegalArgumentException(
            "no non-empty blob " + blob.digest() + " to tamper with");
      }
      tampered.add(blob.digest());
      return this;
    }

    /**
     * Adds a blob and returns its descriptor (media type {@code application/octet-stream}).
     *
     * @param content the content
     * @return the descriptor of the blob
     */
    public Descriptor blob(byte[] content) {
      return blob("application/octet-stream", content);
    }

    /**
     * Adds a blob of {@code mediaType} and returns its descriptor.
     *
     * @param mediaType the media type
     * @param content the content
     * @return the descriptor of the blob
     */
    public Descriptor blob(String mediaType, byte[] content) {
      byte[] copy = content.clone();
      Digest d = Digest.sha256(copy);
      blobs.put(d, copy);
      return Descriptor.of(mediaType, d, copy.length);
    }

    /**
     * Adds a raw manifest (OCI image manifest, index or artifact manifest JSON) and returns its
     * descriptor. If it has a {@code subject}, it becomes a referrer of that subject.
     *
     * @throws IllegalArgumentException when the bytes are not such a manifest
     * @param mediaType the media type
     * @param bytes the bytes
     * @return the descriptor of the manifest
     */
    public Descriptor manifest(String mediaType, byte[] bytes) {
      byte[] copy = bytes.clone();
      Descriptor desc = Descriptor.of(mediaType, Digest.sha256(copy), copy.length);
      JsonNode root;
      try {
        root = JSON.readTree(copy);
      } catch (IOException e) {
        throw new IllegalArgumentException("not a JSON manifest", e);
      }
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("not a JSON manifest");
      }
      Optional<String> artifactType = text(root, "artifactType");
      Optional<Descriptor> config =
          root.has("config") ? Optional.of(descriptor(root.get("config"))) : Optional.empty();
      List<Descriptor> layers =
          descriptors(root.has("layers") ? root.get("layers") : root.get("blobs"));
      List<Descriptor> index = descriptors(root.get("manifests"));
      Optional<Descriptor> subject =
          root.has("subject") ? Optional.of(descriptor(root.get("subject"))) : Optional.empty();
      Map<String, String> annotations = annotations(root.get("annotations"));
      Manifest m =
          new Manifest(desc, copy, artifactType, config, layers, index, subject, annotations);
      manifests.put(desc.digest(), m);
      if (subject.isPresent()) {
        Descriptor asReferrer =
            new Descriptor(
                mediaType, desc.digest(), desc.size(), m.effectiveArtifactType(), annotations);
        List<Descriptor> list =
            referrers.computeIfAbsent(subject.get().digest(), k -> new ArrayList<>());
        list.removeIf(r -> r.digest().equals(desc.digest()));
        list.add(asReferrer);
      }
      return desc;
    }

    /**
     * Adds a small, unique OCI image manifest (with config and one layer), tags it, and returns its
     * descriptor.
     *
     * @param reference the reference
     * @return the descriptor of the manifest
     */
    public Descriptor image(String reference) {
      Reference ref = parse(reference);
      Descriptor config =
          blob(
              MediaTypes.OCI_IMAGE_CONFIG,
              ("{\"image\":\"" + ref.name() + "\",\"n\":" + ++counter + "}")
                  .getBytes(StandardCharsets.UTF_8));
      Descriptor layer =
          blob(
              MediaTypes.OCI_LAYER_TAR_GZIP,
              ("layer of " + ref + " #" + counter).getBytes(StandardCharsets.UTF_8));
      ObjectNode m = JSON.createObjectNode();
      m.put("schemaVersion", 2);
      m.put("mediaType", MediaTypes.OCI_MANIFEST);
      m.set("config", json(config));
      m.putArray("layers").add(json(layer));
      Descriptor d = manifest(MediaTypes.OCI_MANIFEST, bytes(m));
      if (ref.tag().isPresent()) {
        tag(reference, d);
      }
      return d;
    }

    /**
     * Adds a referrer of {@code subject} with a small unique payload and returns its descriptor.
     *
     * @param subject the subject
     * @param artifactType the artifact type
     * @return the descriptor of the referrer
     */
    public Descriptor referrer(Descriptor subject, String artifactType) {
      return referrer(
          subject,
          artifactType,
          ("payload #" + ++counter).getBytes(StandardCharsets.UTF_8),
          "application/octet-stream",
          Map.of());
    }

    /**
     * Adds an OCI image manifest with {@code artifactType}, the empty config, one layer holding
     * {@code payload} and {@code subject}, with manifest {@code annotations}; returns its
     * descriptor.
     *
     * @param annotations the annotations
     * @param artifactType the artifact type
     * @param payload the payload
     * @param payloadMediaType the payload media type
     * @param subject the subject
     * @return the descriptor of the manifest
     */
    public Descriptor referrer(
        Descriptor subject,
        String artifactType,
        byte[] payload,
        String payloadMediaType,
        Map<String, String> annotations) {
      Descriptor empty = blob(MediaTypes.OCI_EMPTY, "{}".getBytes(StandardCharsets.UTF_8));
      Descriptor layer = blob(payloadMediaType, payload);
      ObjectNode m = JSON.createObjectNode();
      m.put("schemaVersion", 2);
      m.put("mediaType", MediaTypes.OCI_MANIFEST);
      m.put("artifactType", artifactType);
      m.set("config", json(empty));
      m.putArray("layers").add(json(layer));
      m.set("subject", json(subject));
      if (!annotations.isEmpty()) {
        ObjectNode a = m.putObject("annotations");
        new java.util.TreeMap<>(annotations).forEach(a::put);
      }
      return manifest(MediaTypes.OCI_MANIFEST, bytes(m))
          .withArtifactType(artifactType)
          .withAnnotations(annotations);
    }

    /**
     * Points {@code reference} (which must carry a tag) at {@code manifest}.
     *
     * @param reference the reference
     * @param manifest the manifest
     * @return this builder
     */
    public Builder tag(String reference, Descriptor manifest) {
      Reference ref = parse(reference);
      if (ref.tag().isEmpty()) {
        throw new IllegalArgumentException("not a tagged reference: " + reference);
      }
      tags.put(ref.name() + ":" + ref.tag().get(), manifest.digest());
      return this;
    }

    /**
     * Builds the store.
     *
     * @return the store
     */
    public InMemoryStore build() {
      return new InMemoryStore(this);
    }

    private static Reference parse(String reference) {
      try {
        return Reference.parse(reference);
      } catch (RatifyException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }

    private static ObjectNode json(Descriptor d) {
      ObjectNode n = JSON.createObjectNode();
      n.put("mediaType", d.mediaType());
      n.put("digest", d.digest().toString());
      n.put("size", d.size());
      d.artifactType().ifPresent(t -> n.put("artifactType", t));
      return n;
    }

    private static byte[] bytes(ObjectNode n) {
      try {
        return JSON.writeValueAsBytes(n);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    private static Optional<String> text(JsonNode n, String field) {
      JsonNode v = n.get(field);
      return v != null && v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
    }

    private static Descriptor descriptor(JsonNode n) {
      try {
        return new Descriptor(
            text(n, "mediaType").orElseThrow(),
            Digest.parse(text(n, "digest").orElseThrow()),
            n.path("size").asLong(-1),
            text(n, "artifactType"),
            annotations(n.get("annotations")));
      } catch (RatifyException | RuntimeException e) {
        throw new IllegalArgumentException("invalid descriptor " + n, e);
      }
    }

    private static List<Descriptor> descriptors(JsonNode n) {
      List<Descriptor> out = new ArrayList<>();
      if (n instanceof ArrayNode a) {
        for (JsonNode e : a) {
          out.add(descriptor(e));
        }
      }
      return out;
    }

    private static Map<String, String> annotations(JsonNode n) {
      Map<String, String> out = new LinkedHashMap<>();
      if (n != null && n.isObject()) {
        Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          out.put(e.getKey(), e.getValue().asText());
        }
      }
      return out;
    }
  }
}
