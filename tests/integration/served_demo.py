"""The demo as a newcomer runs it: `make seed` then `make serve`, at a free port.

The Makefile's own commands run on a SQLite file of the caller's folder (DATABASE_URL), with
every file the demo writes kept there too, so two of these may run side by side.
"""

import re
import subprocess
from contextlib import contextmanager

from tests.config import compose

HOST = "127.0.0.1"
#: Every demo account's password (README, "Demo accounts").
PASSWORD = "demo-pass-2026"


@contextmanager
def served_demo(folder):
    """Seed and serve the demo at a free port; yields (site_url, server)."""
    port = compose.free_port()
    site_url = f"http://{HOST}:{port}"
    env = {
        **compose.clean_environment(),
        "DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite3'}",
        "ACCREDITOR_KEY_FILE": str(folder / "accreditor_key"),
        "REGISTRY_DUMP_DIR": str(folder / "dumps"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private"),
        "MEDIA_ROOT": str(folder / "media"),
    }
    variables = [
        f"HOST={HOST}",
        f"PORT={port}",
        f"DEMO_ACCOUNTS={folder / 'accounts.json'}",
        f"DEMO_BADGES={folder / 'badges'}",
    ]
    seeded = subprocess.run(
        ["make", "--no-print-directory", "seed", *variables],
        cwd=compose.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    output = seeded.stdout + seeded.stderr
    assert seeded.returncode == 0, output
    assert "Traceback" not in output
    assert f"Seeding the demo register at {site_url}" in output
    with compose.running("make serve", ["make", "serve", *variables], env) as server:
        server.wait_for(rf"Starting development server at {re.escape(site_url)}/", 120)
        yield site_url, server
