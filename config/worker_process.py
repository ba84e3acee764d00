"""Start a Celery worker as a separate process, as on another machine.

Used by the engine benchmark and the worker tests: a solo pool (one task at a time, so
a chunk's time is its own) without the chatter between workers that only slows a start.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start_worker(naam: str, env: dict, *, stderr=subprocess.DEVNULL) -> subprocess.Popen:
    """A ``celery worker`` process named ``naam@host`` with environment ``env``."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "-n",
            f"{naam}@%h",
            "--loglevel",
            "WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
