# The configuration `leasehold server` uses when given no -config and no -dev: durable storage
# under ./leasehold-data (relative to the directory the server starts in), gRPC in plaintext on
# the loopback interface. Copy it, change it, and pass it with -config=FILE.
storage "rocksdb" {
  path = "./leasehold-data"
}

listener "tcp" {
  address     = "127.0.0.1:8200"
  tls_disable = true
}
