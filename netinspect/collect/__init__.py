"""Live collection, read-only always: the inventory and credentials, the SSH transports, host keys, the
read-only allowlist, shards, and the run bundle every collection writes (and merge and --bundle read)."""
