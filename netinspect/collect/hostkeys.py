"""netinspect's own known-hosts file, with ssh's `accept-new` behaviour, read once per run.

A host seen for the first time has its key recorded; a host whose key changed fails with a clear
message (paramiko raises BadHostKeyException for it); checking can be turned off for labs.

The file is parsed once into a dictionary (:class:`KnownHosts`) that every connection of the run shares;
a new key is appended to the file and to the dictionary. paramiko's own loader is quadratic in the number
of lines and netmiko would load the file again for every connection, which made host-key handling grow
with the square of the fleet.
"""

from __future__ import annotations

import threading
from pathlib import Path

import paramiko
from paramiko.hostkeys import HostKeyEntry


def default_known_hosts() -> Path:
    """~/.local/share/netinspect/known_hosts (or the platform's equivalent)."""
    from platformdirs import user_data_path

    return user_data_path("netinspect") / "known_hosts"


def host_id(host: str, port: int) -> str:
    return host if port == 22 else f"[{host}]:{port}"


class _Keys(dict):
    """A host's keys by type, shaped like paramiko's lookup result (`keys()` is indexable)."""

    def keys(self) -> list[str]:  # type: ignore[override]
        return list(super().keys())


class KnownHosts(paramiko.HostKeys):
    """The run's known hosts: one read of `path`, dictionary lookups, new keys appended to the file.

    Shared by all connections of a run (thread-safe). Hashed entries (`|1|...`) written by OpenSSH are
    understood too; they are checked only when a plain lookup misses.
    """

    def __init__(self, path: Path | None = None) -> None:
        super().__init__()
        self.path = path
        self._lock = threading.Lock()
        self._plain: dict[str, _Keys] = {}
        self._hashed: list[HostKeyEntry] = []
        if path is not None and path.is_file():
            self._read(path)

    def _read(self, path: Path) -> None:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for line in handle:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                try:
                    entry = HostKeyEntry.from_line(line)
                except (paramiko.SSHException, ValueError, TypeError):
                    entry = None
                if entry is None or entry.key is None:
                    continue
                for name in entry.hostnames:
                    if name.startswith("|1|"):
                        self._hashed.append(entry)
                        break
                    self._plain.setdefault(name, _Keys())[entry.key.get_name()] = entry.key

    def lookup(self, hostname: str) -> _Keys | None:  # type: ignore[override]
        found = self._plain.get(hostname)
        if found is not None:
            return found
        for entry in self._hashed:
            if any(h.startswith("|1|") and paramiko.util.constant_time_bytes_eq(self.hash_host(hostname, h), h)
                   for h in entry.hostnames):
                return _Keys({entry.key.get_name(): entry.key})
        return None

    def add(self, hostname: str, keytype: str, key: paramiko.PKey) -> None:
        """Accept-new: record an unknown host's key (file and memory); a changed key is refused."""
        with self._lock:
            recorded = self.lookup(hostname)
            if recorded is not None and keytype in recorded:
                if recorded[keytype] != key:
                    raise paramiko.BadHostKeyException(hostname, key, recorded[keytype])
                return
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="utf-8") as handle:
                    handle.write(f"{hostname} {keytype} {key.get_base64()}\n")
            self._plain.setdefault(hostname, _Keys())[keytype] = key

    def __len__(self) -> int:
        return len(self._plain) + len(self._hashed)


class AcceptNewPolicy(paramiko.MissingHostKeyPolicy):
    """Record an unknown host's key and accept it (OpenSSH's StrictHostKeyChecking=accept-new)."""

    def __init__(self, known: KnownHosts | Path) -> None:
        self.known = known if isinstance(known, KnownHosts) else KnownHosts(known)

    def missing_host_key(self, client: paramiko.SSHClient, hostname: str, key: paramiko.PKey) -> None:
        self.known.add(hostname, key.get_name(), key)


def changed_key_message(exc: paramiko.BadHostKeyException, path: Path | None) -> str:
    return (f"host key changed for {exc.hostname}: expected {exc.expected_key.fingerprint}, got "
            f"{exc.key.fingerprint}. If the device was replaced or re-keyed, remove its line from "
            f"{path} and run again; otherwise someone may be intercepting the connection")
