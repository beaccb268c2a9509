package io.leasehold.it;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.leasehold.proto.v1.LookupSelfRequest;
import io.leasehold.proto.v1.TokenInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * An application reading the agent's sink: reads the file, checks it holds one whole token, and
 * uses the token at once (lookup-self), recording what it saw. Times are wall-clock
 * milliseconds, comparable with the server's {@code expire_time} (same machine).
 */
final class SinkReader {
  /** A whole service token: {@code s.} and 24 base62 characters, no newline. */
  static final Pattern TOKEN = Pattern.compile("s\\.[0-9A-Za-z]{24}");

  private final OperatedServer server;
  private final Path sink;
  final List<Read> reads = new ArrayList<>();

  /**
   * One read and use.
   *
   * @param content what the file held (null when missing)
   * @param readAt when the file was read
   * @param code OK, or the lookup's failure
   * @param expireAt the token's {@code expire_time} when the lookup worked, else 0
   * @param doneAt when the lookup ended
   * @param after what the file held right after a failed lookup (null otherwise)
   */
  record Read(String content, long readAt, Status.Code code, String description, long expireAt,
      long doneAt, String after) {
    boolean whole() {
      return content != null && TOKEN.matcher(content).matches();
    }

    boolean ok() {
      return code == Status.Code.OK;
    }
  }

  SinkReader(OperatedServer server, Path sink) {
    this.server = server;
    this.sink = sink;
  }

  /** Reads the sink every {@code periodMillis} for {@code millis}, using each token read. */
  void run(long periodMillis, long millis) throws IOException {
    long start = System.nanoTime();
    long end = start + millis * 1_000_000L;
    for (long next = start; next - end < 0; next += periodMillis * 1_000_000L) {
      read();
      LockSupport.parkNanos(next + periodMillis * 1_000_000L - System.nanoTime());
    }
  }

  /** One read and use. */
  Read read() throws IOException {
    long readAt = System.currentTimeMillis();
    String content = content();
    Read r;
    if (content == null || !TOKEN.matcher(content).matches()) {
      r = new Read(content, readAt, Status.Code.INVALID_ARGUMENT, "not a whole token", 0,
          readAt, null);
    } else {
      try {
        TokenInfo info = server.tokens(content).lookupSelf(LookupSelfRequest.getDefaultInstance())
            .getData();
        r = new Read(content, readAt, Status.Code.OK, null,
            info.getExpireTime().getSeconds() * 1000
                + info.getExpireTime().getNanos() / 1_000_000, System.currentTimeMillis(), null);
      } catch (StatusRuntimeException e) {
        long doneAt = System.currentTimeMillis();
        r = new Read(content, readAt, e.getStatus().getCode(), e.getStatus().getDescription(),
            0, doneAt, content());
      }
    }
    reads.add(r);
    return r;
  }

  private String content() throws IOException {
    try {
      return Files.readString(sink, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** The reads that failed. */
  List<Read> failures() {
    return reads.stream().filter(r -> !r.ok()).toList();
  }

  /** The distinct tokens in the order first seen, with the read that first saw each. */
  Map<String, Read> firstSeen() {
    Map<String, Read> first = new LinkedHashMap<>();
    for (Read r : reads) {
      if (r.content() != null) {
        first.putIfAbsent(r.content(), r);
      }
    }
    return first;
  }

  /** The latest {@code expire_time} the server reported for {@code token}, or 0. */
  long lastExpiry(String token) {
    long max = 0;
    for (Read r : reads) {
      if (r.ok() && r.content().equals(token)) {
        max = Math.max(max, r.expireAt());
      }
    }
    return max;
  }
}
