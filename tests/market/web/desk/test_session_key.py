"""The desk's cookie key, kept in a file when SESSION_KEY is not set: made once, whole, by whichever process is first."""

from __future__ import annotations

import threading

from cryptography.fernet import Fernet

from market.web.desk.session import _kept_key


def test_processes_starting_at_once_all_read_the_same_whole_key(tmp_path):
    path = tmp_path / "var" / "session.key"
    start = threading.Barrier(8)
    keys: list[bytes] = []

    def starts() -> None:
        start.wait()
        keys.append(_kept_key(path))

    threads = [threading.Thread(target=starts) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(keys) == 8 and len(set(keys)) == 1
    Fernet(keys[0])  # a whole key: an empty or cut one raises
    assert [p.name for p in path.parent.iterdir()] == ["session.key"]  # no file of a writer left behind
    assert _kept_key(path) == keys[0]  # and the next start reads it
