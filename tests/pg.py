"""A throwaway PostgreSQL database per test (the server on 127.0.0.1:5432, user postgres)."""
from __future__ import annotations

import os
import subprocess
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


from tests.services import missing

ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def available() -> bool:
    try:
        import psycopg

        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", connect_timeout=3):
            return True
    except Exception:
        return False


@contextmanager
def temp_database(prefix: str = "monitor_test") -> Iterator[str]:
    """Create a database, yield its SQLAlchemy URL, drop it afterwards."""
    import psycopg

    if not available():
        missing("PostgreSQL", "nothing answers on 127.0.0.1:5432")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class PrivateCluster:
    """A PostgreSQL server of our own (initdb in a temporary folder, a free port), so a test can stop,
    crash and restart it without touching the shared server other tests use."""

    def __init__(self) -> None:
        import glob
        import shutil
        import socket
        import tempfile

        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")) or [shutil.which("pg_ctl") or ""]
        if not found[-1]:
            missing("PostgreSQL", "the server binaries (pg_ctl, initdb) are not installed")
        self.bindir = Path(found[-1]).parent
        self.root = Path(tempfile.mkdtemp(prefix="monitor-pg-"))
        self.data = self.root / "data"
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses to run as root: run the server as the postgres user
            import pwd

            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                missing("PostgreSQL", "running as root and there is no postgres user to run a server as")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(self.as_user + [str(self.bindir / args[0]), *args[1:]], capture_output=True,
                              text=True, check=check, timeout=120)

    def init(self) -> "PrivateCluster":
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        return self.start()

    def start(self) -> "PrivateCluster":
        opts = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.root / "server.log"), "-w", "start")
        return self

    def stop(self, mode: str = "fast") -> None:
        """mode "immediate" is a crash: no checkpoint, recovery from the WAL on the next start."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def destroy(self) -> None:
        import shutil

        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


@contextmanager
def private_cluster() -> Iterator[PrivateCluster]:
    cluster = PrivateCluster()
    try:
        yield cluster.init()
    finally:
        cluster.destroy()
