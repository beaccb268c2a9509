package io.leasehold.it;

import com.google.common.primitives.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileReader;
import org.rocksdb.SstFileReaderIterator;

/**
 * Looks for secrets in the bytes of every file under a directory: each secret in the forms it
 * could be written in (its raw bytes, hex in either case, base64 and base64url at each of the three
 * alignments it can have inside a longer encoded run). RocksDB table files ({@code .sst}) may be
 * compressed, so their decoded keys and values are searched too.
 */
final class SecretScan {
  /** One form of one secret. */
  record Needle(String label, byte[] bytes) {}

  static {
    RocksDB.loadLibrary();
  }

  private SecretScan() {}

  /** The forms of a text secret (its UTF-8 bytes). */
  static List<Needle> forms(String label, String secret) {
    return forms(label, secret.getBytes(StandardCharsets.UTF_8));
  }

  /** The forms of {@code secret}: raw, hex, upper-case hex, base64 and base64url. */
  static List<Needle> forms(String label, byte[] secret) {
    List<Needle> out = new ArrayList<>();
    out.add(new Needle(label + " (raw)", secret));
    String hex = HexFormat.of().formatHex(secret);
    out.add(new Needle(label + " (hex)", ascii(hex)));
    out.add(new Needle(label + " (HEX)", ascii(hex.toUpperCase(Locale.ROOT))));
    for (int shift = 0; shift < 3; shift++) {
      out.add(new Needle(label + " (base64+" + shift + ")", base64Core(Base64.getEncoder(),
          secret, shift)));
      out.add(new Needle(label + " (base64url+" + shift + ")", base64Core(Base64.getUrlEncoder(),
          secret, shift)));
    }
    // A secret too short to leave a whole encoded group would match anything: none is that short.
    out.removeIf(n -> n.bytes().length == 0);
    return out;
  }

  /**
   * Every file under {@code dir} (and every decoded table file) that holds a needle, as
   * "file: label"; empty when none does.
   */
  static List<String> hits(Path dir, List<Needle> needles) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path file : files(dir)) {
      String name = dir.relativize(file).toString();
      search(name, Files.readAllBytes(file), needles, out);
      if (name.endsWith(".sst")) {
        search(name + " (decoded)", decodedTable(file), needles, out);
      }
    }
    return out;
  }

  /** The regular files under {@code dir}, sorted. */
  static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static void search(String where, byte[] haystack, List<Needle> needles,
      List<String> out) {
    for (Needle n : needles) {
      if (Bytes.indexOf(haystack, n.bytes()) >= 0) {
        out.add(where + ": " + n.label());
      }
    }
  }

  /** A table file's keys and values, each followed by a zero byte. */
  private static byte[] decodedTable(Path sst) throws IOException {
    var bytes = new java.io.ByteArrayOutputStream();
    try (Options options = new Options();
        SstFileReader reader = new SstFileReader(options);
        ReadOptions reads = new ReadOptions()) {
      reader.open(sst.toString());
      try (SstFileReaderIterator it = reader.newIterator(reads)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          bytes.write(it.key());
          bytes.write(0);
          bytes.write(it.value());
          bytes.write(0);
        }
      }
    } catch (RocksDBException e) {
      throw new IOException("cannot read table file " + sst, e);
    }
    return bytes.toByteArray();
  }

  /**
   * The part of the encoding of {@code secret} that does not depend on its neighbours when it
   * starts {@code shift} bytes into a 3-byte group: whole 4-character groups only.
   */
  private static byte[] base64Core(Base64.Encoder encoder, byte[] secret, int shift) {
    byte[] padded = new byte[shift + secret.length];
    System.arraycopy(secret, 0, padded, shift, secret.length);
    String encoded = encoder.withoutPadding().encodeToString(padded);
    int from = shift == 0 ? 0 : 4;
    int to = 4 * ((shift + secret.length) / 3);
    return ascii(encoded.substring(from, Math.max(from, to)));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] concat(byte[]... parts) {
    int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
