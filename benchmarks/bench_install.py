"""How long the README's set-up takes on a fresh machine: a new virtualenv, no pip cache.

    python benchmarks/bench_install.py

It copies the checkout (without .git, .venv and caches) to a temporary folder, creates a
virtualenv there, and times the README's install command (the block after
``<!-- ci:install -->``), with pip's cache switched off so that every package is
downloaded as on a fresh machine. It prints the seconds taken and the Python and pip used.
"""

from __future__ import annotations

import datetime
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def install_command() -> str:
    """The README's install command, as .ci/run reads it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- ci:install -->\n```sh\n(.*?)\n```", readme, re.S)
    if match is None:
        raise SystemExit("README.md has no ci:install block")
    return match.group(1)


def main() -> None:
    command = install_command()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "argmap"
        shutil.copytree(
            ROOT,
            work,
            ignore=shutil.ignore_patterns(
                ".git", ".venv", "node_modules", "__pycache__", ".hypothesis", ".pytest_cache", "*.egg-info", "out"
            ),
        )
        subprocess.run([sys.executable, "-m", "venv", str(work / ".venv")], check=True)
        env = dict(
            os.environ,
            PIP_NO_CACHE_DIR="1",
            PIP_DISABLE_PIP_VERSION_CHECK="1",
            PATH=f"{work / '.venv' / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        )
        env.pop("VIRTUAL_ENV", None)
        start = time.perf_counter()
        subprocess.run(["bash", "-euo", "pipefail", "-c", command], cwd=work, env=env, check=True)
        seconds = time.perf_counter() - start
    print(f"README install: {seconds:.0f} s ({command})")
    print(
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"{datetime.date.today().isoformat()}"
    )


if __name__ == "__main__":
    main()
