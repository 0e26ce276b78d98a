"""`make bench`: every main page of every role at 100 and at 10,000 cases, under gunicorn on
PostgreSQL, as a ratio to /healthz measured in the same run.

For each size: a new PostgreSQL database, migrated and seeded (`seed_demo --cases N`, timed),
served by gunicorn as compose.yaml's web service runs it (production settings, 2 workers)
with Redis as the cache; each role signs in through the real sign-in pages
(bench/prepare_pages.py); then wrk loads each page for a few seconds with 4 connections. The
table gives requests a second, the ratio to /healthz at that size, and the ratio of the
10,000-case throughput to the 100-case one.

    .venv/bin/python bench/bench_pages.py [--sizes 100,10000] [--seconds 5] [--reuse]

`--reuse` measures the databases an earlier run built (after migrating them) instead of
building them again.

Needs PostgreSQL on 127.0.0.1:5432 (user postgres), Redis on 6379 and wrk (Debian's package;
`apt-get install wrk`). Nothing here is asserted: timings depend on the machine.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PORT = 8765
HOST = "127.0.0.1"
#: Redis database for the bench's cache (and so its sessions' lookups): flushed for each size.
REDIS_DB = 13


def environment(size, key):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "bench-" + "k" * 60,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "SITE_URL": f"http://{HOST}:{PORT}",
        "ACCREDITOR_KEY": key,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/mc_bench_{size}",
        "CACHE_URL": f"redis://127.0.0.1:6379/{REDIS_DB}",
        "EMAIL_URL": "dummymail://",
        # The verify API allows 60 a minute per address; the bench is one address.
        "VERIFY_RATE": "1000000/min",
        # The provider API allows 600 a minute per key; the bench is one key.
        "PROVIDER_API_RATES": "burst=1000000/min,sustained=1000000/hour",
    }


def run(command, env, **kwargs):
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)


def build(size, env):
    """A new database of `size` cases. Returns the seconds seed_demo took."""
    database = f"mc_bench_{size}"
    run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", database], env)
    run(["createdb", "-h", "127.0.0.1", "-U", "postgres", database], env)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    started = time.monotonic()
    seeding = [PYTHON, "manage.py", "seed_demo", "--cases", str(size)]
    run(seeding, env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.monotonic() - started
    run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-c",
            # As autovacuum leaves a table soon after bulk writes: statistics, and a
            # visibility map that lets index-only scans skip the rows.
            "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')",
        ],
        env,
    )
    run(["redis-cli", "-n", str(REDIS_DB), "flushdb"], env, stdout=subprocess.DEVNULL)
    return seconds


def reuse(size, env):
    """The database an earlier run built, migrated to this code. None if there is none."""
    database = f"mc_bench_{size}"
    found = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{database}'",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not found:
        return None
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    run(["redis-cli", "-n", str(REDIS_DB), "flushdb"], env, stdout=subprocess.DEVNULL)
    return 0.0


def serve(env):
    server = subprocess.Popen(
        [GUNICORN, "config.wsgi:application", "--bind", f"{HOST}:{PORT}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://{HOST}:{PORT}/healthz", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not answer /healthz")


def prepare(env):
    script = (ROOT / "bench" / "prepare_pages.py").read_text()
    done = subprocess.run(
        [PYTHON, "manage.py", "shell"],
        cwd=ROOT,
        env=env,
        input=script,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"bench/prepare_pages.py failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def headers_for(role, label, prepared, etags):
    headers = {"X-Forwarded-Proto": "https"}
    if role in prepared["sessions"]:
        headers["Cookie"] = f"sessionid={prepared['sessions'][role]}"
    if role == "token":
        headers["Authorization"] = f"Bearer {prepared['token']}"
    if label.endswith(", 304"):
        headers["If-None-Match"] = etags[label.removesuffix(", 304") + " (cached)"]
    return headers


def check(url, headers, body=None):
    """One request, as wrk will send it: (status, ETag)."""
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("ETag")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("ETag")


def wrk(url, headers, seconds, script=None):
    command = ["wrk", "-t1", "-c4", f"-d{seconds}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, int(errors.group(1)) if errors else 0


def post_script(folder, badge):
    path = Path(folder) / "verify.lua"
    body = json.dumps(badge).replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(
        f'wrk.method = "POST"\nwrk.body = "{body}"\n'
        'wrk.headers["Content-Type"] = "application/json"\n'
    )
    return str(path)


def measure(prepared, seconds, folder):
    results, etags = {}, {}
    for role, label, path in prepared["pages"]:
        url = f"http://{HOST}:{PORT}{path}"
        headers = headers_for(role, label, prepared, etags)
        script, body = None, None
        if label.startswith("POST"):
            script = post_script(folder, prepared["badge"])
            body = json.dumps(prepared["badge"]).encode()
            headers["Content-Type"] = "application/json"
        status, etag = check(url, headers, body)
        check(url, headers, body)  # the second reader: a cached page is stored now
        etags[label] = etag
        expected = 304 if label.endswith(", 304") else 200
        if status != expected:
            raise RuntimeError(f"{label}: {status}, not {expected}")
        rate, errors = wrk(url, headers, seconds, script)
        if errors:
            raise RuntimeError(f"{label}: {errors} answers that were not 2xx or 3xx")
        results[label] = (role, rate)
        print(f"  {label:40} {rate:10.1f} req/s", flush=True)
    return results


def table(by_size, seeding):
    sizes = sorted(by_size)
    small, large = sizes[0], sizes[-1]
    head = "| page | role |" + "".join(f" {s:,} cases: req/s | ÷ /healthz |" for s in sizes)
    head += f" {large:,} ÷ {small:,} |" if len(sizes) > 1 else ""
    lines = [
        head,
        "|" + " --- |" * 2 + " ---: | ---: |" * len(sizes) + (" ---: |" if len(sizes) > 1 else ""),
    ]
    for label, (role, _rate) in by_size[small].items():
        row = f"| `{label}` | {role} |"
        for size in sizes:
            rate = by_size[size][label][1]
            row += f" {rate:,.1f} | {rate / by_size[size]['/healthz'][1]:.3f} |"
        if len(sizes) > 1:
            row += f" {by_size[large][label][1] / by_size[small][label][1]:.2f} |"
        lines.append(row)
    lines.append("")
    lines += [
        f"seed_demo --cases {s:,}: {seeding[s]:.0f} s" if seeding[s] else f"{s:,} cases: reused"
        for s in sizes
    ]
    return "\n".join(lines)


#: The accreditor key the bench's databases were signed with, kept for `--reuse` (gitignored).
KEY_FILE = ROOT / "var" / "bench_accreditor_key"


def signing_key(reusing):
    """The key of the databases being reused, or a new one for new databases."""
    if reusing and KEY_FILE.exists():
        return KEY_FILE.read_text().strip()
    KEY_FILE.parent.mkdir(exist_ok=True)
    key = secrets.token_hex(32)
    KEY_FILE.write_text(key)
    return key


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,10000")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="measure the databases built before")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    key = signing_key(options.reuse)
    by_size, seeding = {}, {}
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in options.sizes.split(",")):
            env = environment(size, key)
            seeding[size] = reuse(size, env) if options.reuse else None
            if seeding[size] is None:
                print(f"{size:,} cases: seeding…", flush=True)
                seeding[size] = build(size, env)
                print(f"  seeded in {seeding[size]:.0f} s", flush=True)
            run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
            server = serve(env)
            try:
                by_size[size] = measure(prepare(env), options.seconds, folder)
            finally:
                server.terminate()
                server.wait()
    print()
    print(table(by_size, seeding))


if __name__ == "__main__":
    main()
