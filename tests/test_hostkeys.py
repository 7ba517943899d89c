"""The run's known hosts: read once, dictionary lookups, accept-new appends, changed keys refused."""

from __future__ import annotations

import paramiko
import pytest

from netinspect.collect.hostkeys import AcceptNewPolicy, KnownHosts


@pytest.fixture(scope="module")
def keys():
    return [paramiko.RSAKey.generate(1024) for _ in range(2)]


def test_known_hosts_are_read_once_and_found_by_name(tmp_path, keys):
    path = tmp_path / "known_hosts"
    lines = [f"[10.0.{i // 250}.{i % 250}]:22{i % 10} ssh-rsa {keys[0].get_base64()}" for i in range(3000)]
    path.write_text("# comment\n\ngarbage line\n" + "\n".join(lines) + "\n")
    known = KnownHosts(path)
    assert len(known) == 3000
    assert known.lookup("[10.0.11.249]:229")["ssh-rsa"] == keys[0]
    assert known.lookup("[10.9.9.9]:22") is None


def test_hashed_openssh_entries_are_understood(tmp_path, keys):
    hashed = paramiko.HostKeys.hash_host("[192.0.2.7]:2222")
    path = tmp_path / "known_hosts"
    path.write_text(f"{hashed} ssh-rsa {keys[0].get_base64()}\n")
    assert KnownHosts(path).lookup("[192.0.2.7]:2222")["ssh-rsa"] == keys[0]


def test_a_new_host_is_appended_once_and_a_changed_key_refused(tmp_path, keys):
    path = tmp_path / "sub" / "known_hosts"
    known = KnownHosts(path)
    policy = AcceptNewPolicy(known)
    policy.missing_host_key(paramiko.SSHClient(), "[10.0.0.1]:2222", keys[0])
    policy.missing_host_key(paramiko.SSHClient(), "[10.0.0.1]:2222", keys[0])  # a second thread, same key
    assert path.read_text().count("\n") == 1
    with pytest.raises(paramiko.BadHostKeyException):
        policy.missing_host_key(paramiko.SSHClient(), "[10.0.0.1]:2222", keys[1])
    assert KnownHosts(path).lookup("[10.0.0.1]:2222")["ssh-rsa"] == keys[0]
