"""netinspect's own known-hosts file, with ssh's `accept-new` behaviour.

A host seen for the first time has its key recorded; a host whose key changed fails with a clear
message (paramiko raises BadHostKeyException for it); checking can be turned off for labs.
"""

from __future__ import annotations

import threading
from pathlib import Path

import paramiko

_LOCK = threading.Lock()


def default_known_hosts() -> Path:
    """~/.local/share/netinspect/known_hosts (or the platform's equivalent)."""
    from platformdirs import user_data_path

    return user_data_path("netinspect") / "known_hosts"


def host_id(host: str, port: int) -> str:
    return host if port == 22 else f"[{host}]:{port}"


class AcceptNewPolicy(paramiko.MissingHostKeyPolicy):
    """Record an unknown host's key in `path` and accept it (OpenSSH's StrictHostKeyChecking=accept-new)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def missing_host_key(self, client: paramiko.SSHClient, hostname: str, key: paramiko.PKey) -> None:
        with _LOCK:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            known = paramiko.HostKeys(str(self.path)) if self.path.is_file() else paramiko.HostKeys()
            recorded = known.lookup(hostname)
            if recorded and key.get_name() in recorded and recorded[key.get_name()] != key:
                raise paramiko.BadHostKeyException(hostname, key, recorded[key.get_name()])
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(f"{hostname} {key.get_name()} {key.get_base64()}\n")
        client.get_host_keys().add(hostname, key.get_name(), key)


def changed_key_message(exc: paramiko.BadHostKeyException, path: Path | None) -> str:
    return (f"host key changed for {exc.hostname}: expected {exc.expected_key.fingerprint}, got "
            f"{exc.key.fingerprint}. If the device was replaced or re-keyed, remove its line from "
            f"{path} and run again; otherwise someone may be intercepting the connection")
