package io.leasehold.server.storage;

import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;
import org.rocksdb.DataBlockIndexType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;

/**
 * Tuning for {@link RocksDbStorage}: the few sizes an operator may want to change, and the one
 * place the native options are built from them (with the reasons for each choice).
 *
 * @param blockCacheBytes the block cache shared by data, index and filter blocks. Token lookups are
 *     point reads of random keys, so the cache, not read-ahead, decides whether a read touches the
 *     disk; 256 MiB holds the hot part of several million tokens.
 * @param writeBufferBytes the size of one memtable. Larger means fewer flushes under write load, but
 *     more WAL to replay after a crash; 64 MiB replays in well under a second.
 */
public record RocksDbSettings(long blockCacheBytes, long writeBufferBytes) {

  /** The defaults: 256 MiB block cache, 64 MiB memtables. */
  public static RocksDbSettings defaults() {
    return new RocksDbSettings(256L << 20, 64L << 20);
  }

  public RocksDbSettings {
    if (blockCacheBytes < (1 << 20) || writeBufferBytes < (1 << 20)) {
      throw new IllegalArgumentException("RocksDB cache and write buffer must be at least 1 MiB");
    }
  }

  /**
   * The native options. The caller closes them, {@code cache} and what is added to {@code owned},
   * after the database. The cache is passed in (rather than made here) so that its owner is
   * explicit.
   */
  Options toOptions(Cache cache, List<AutoCloseable> owned) {
    BloomFilter bloom = new BloomFilter(10, false);
    owned.add(bloom);
    BlockBasedTableConfig table = new BlockBasedTableConfig()
        .setBlockCache(cache)
        // A bloom filter per SST file lets a point read (token/id/<hash>, the hot path of every
        // request) skip files that cannot hold the key: ~1 % false positives at 10 bits per key.
        // Whole-key filtering, because keys are looked up whole, never by a fixed-length prefix.
        .setFilterPolicy(bloom)
        .setWholeKeyFiltering(true)
        // Index and filter blocks compete for the cache with data blocks instead of living on the
        // heap of the native process unbounded; L0's are pinned because every read consults them.
        .setCacheIndexAndFilterBlocks(true)
        .setCacheIndexAndFilterBlocksWithHighPriority(true)
        .setPinL0FilterAndIndexBlocksInCache(true)
        // A hash index inside each data block turns the in-block binary search of a point read
        // into one probe; scans are unaffected.
        .setDataBlockIndexType(DataBlockIndexType.kDataBlockBinaryAndHash)
        .setFormatVersion(6);
    return new Options()
        .setCreateIfMissing(true)
        .setTableFormatConfig(table)
        // Levelled compaction keeps read amplification low (one file per level for a point read),
        // which suits a read-mostly store whose keys are random hashes; dynamic level sizes keep
        // space amplification near 1.1x.
        .setCompactionStyle(CompactionStyle.LEVEL)
        .setLevelCompactionDynamicLevelBytes(true)
        // Values are small protobufs and keys contain random hashes: LZ4 is nearly free to
        // decompress on the read path; the bottom level (most of the data) gets ZSTD.
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION)
        .setWriteBufferSize(writeBufferBytes)
        .setMaxWriteBufferNumber(3)
        // Bounds the WAL that a crash leaves to replay, and so the time to reopen.
        .setMaxTotalWalSize(4 * writeBufferBytes)
        // Two cores: one flush and one compaction at a time is plenty, and leaves the CPU to the
        // requests.
        .setMaxBackgroundJobs(2)
        // Spread the write-back of new SST files instead of one burst at the end of each flush.
        .setBytesPerSync(1L << 20)
        // The write groups of synced commits are the group commit: while one group's WAL write and
        // fsync run, the next group forms, and its memtable inserts overlap the next WAL write.
        // Measured (CommitBenchmark, 64 threads, 4-put commits, loaded box): 11.7-15.2k commits/s
        // with it, 8.6-11.5k without.
        .setEnablePipelinedWrite(true)
        // A clean close leaves nothing to replay (see RocksDbStorage#close); a crash replays the
        // WAL without writing new L0 files first, so reopening stays quick.
        .setAvoidFlushDuringRecovery(true)
        .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
        .setKeepLogFileNum(5);
  }
}
