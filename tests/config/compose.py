"""Run the services of compose.yaml as local processes: their own commands and environment,
with the hosts `db` and `redis` replaced by the test database and the test Redis.

Docker does not run where the tests run, so this is how the stack's commands are proven: edit a
command in compose.yaml and the tests run the edited command.
"""

import contextlib
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent

#: What an operator exports before `docker compose up` (compose.yaml's `${...}` variables).
OPERATOR_ENV = {
    "DJANGO_SECRET_KEY": "compose-test-secret-" + "4f9c2a7e1b8d6053" * 3,
    "DJANGO_ALLOWED_HOSTS": "registry.example.org",
    "ACCREDITOR_KEY": "9f" * 32,
}

#: Variables of this shell that would change the settings behind compose.yaml's back.
_CONFIG_VARIABLES = {
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CACHE_URL",
    "EMAIL_URL",
    "SITE_URL",
    "MEDIA_ROOT",
    "ACCREDITOR_KEY",
    "LOG_LEVEL",
    "TEST_CELERY_BROKER_URL",
}

_VARIABLE = re.compile(
    r"\$(?:\$|\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\})"
)


def interpolate(value, variables):
    """Compose's `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}` and `$$`."""
    if isinstance(value, dict):
        return {key: interpolate(item, variables) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, variables) for item in value]
    if not isinstance(value, str):
        return value

    def replace(match):
        if match.group(0) == "$$":
            return "$"
        name, op, arg = match.group("name", "op", "arg")
        is_set = name in variables and (variables[name] != "" or not (op or "").startswith(":"))
        if op in (":-", "-"):
            return variables[name] if is_set else arg
        if op in (":?", "?") and not is_set:
            raise ValueError(f"compose.yaml requires {name}: {arg}")
        return variables.get(name, "")

    return _VARIABLE.sub(replace, value)


def load(variables=OPERATOR_ENV):
    """compose.yaml as `docker compose config` would see it with `variables` exported."""
    return interpolate(yaml.safe_load((ROOT / "compose.yaml").read_text()), variables)


def service(name):
    return load()["services"][name]


def command(value):
    """A compose command or healthcheck test (string or list) as an argv list."""
    if isinstance(value, str):
        return shlex.split(value)
    if value[:1] == ["CMD"]:
        return list(value[1:])
    if value[:1] == ["CMD-SHELL"]:
        return ["sh", "-c", value[1]]
    return list(value)


def with_option(argv, option, value):
    """argv with `option`'s value replaced (`--opt value` or `--opt=value`); appended if absent."""
    argv = list(argv)
    for index, arg in enumerate(argv):
        if arg == option:
            argv[index + 1] = value
            return argv
        if arg.startswith(option + "="):
            argv[index] = f"{option}={value}"
            return argv
    return [*argv, option, value]


def database_url(settings_dict):
    """A DATABASE_URL for the database Django is connected to (the test database)."""
    user = quote(settings_dict["USER"] or "", safe="")
    password = quote(settings_dict["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgres://{credentials}{host}:{port}/{quote(settings_dict['NAME'], safe='')}"


def environment(name, *, database_url, redis_url, **overrides):
    """The service's environment from compose.yaml for a local process: every URL that points
    at the `db` service goes to `database_url`, every one at `redis` to `redis_url`."""
    env = service(name).get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    env = {key: "" if value is None else str(value) for key, value in env.items()}
    for key, value in env.items():
        host = urlsplit(value).hostname if "://" in value else None
        if host == "db":
            env[key] = database_url
        elif host == "redis":
            env[key] = redis_url
    env.update({key: str(value) for key, value in overrides.items()})
    return {**clean_environment(), **env}


def clean_environment():
    """This process's environment without the variables that configure the project."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in _CONFIG_VARIABLES and not key.startswith("DJANGO_")
    }
    # The image puts its Python first on PATH: `gunicorn`, `celery` and `python` are the venv's.
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}"
    return env


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(host, port):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


class Process:
    """A service's command running in its own session, its output collected as it comes."""

    def __init__(self, name, argv, env):
        self.name = name
        self.argv = argv
        self.lines = []
        self.killed = False
        self.proc = subprocess.Popen(
            argv,
            env=env,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)

    @property
    def output(self):
        return "".join(self.lines)

    def alive(self):
        return self.proc.poll() is None

    def wait_for(self, pattern, timeout):
        """Wait until the output matches `pattern` (a regex); return the match."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while True:
            match = regex.search(self.output)
            if match:
                return match
            if not self.alive():
                self._reader.join(timeout=2)
                match = regex.search(self.output)
                if match:
                    return match
                raise AssertionError(
                    f"{self.name} exited ({self.proc.returncode}) before /{pattern}/:\n"
                    + self.output
                )
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name}: no /{pattern}/ in {timeout} s:\n{self.output}")
            time.sleep(0.1)

    def kill(self):
        """kill -9 the whole session, as the kernel's OOM killer or a lost machine would:
        no shutdown, no acknowledgement, nothing flushed."""
        self.killed = True
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self, timeout=30):
        """SIGTERM (a warm shutdown for gunicorn and Celery), SIGKILL if it hangs; then make
        sure nothing of the session is left. Returns the exit code."""
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)  # stray children, if any
        self._reader.join(timeout=5)
        return self.proc.returncode


@contextlib.contextmanager
def running(name, argv, env):
    """Start a process, and stop it whatever happens; its output is printed for failures."""
    process = Process(name, argv, env)
    try:
        yield process
    finally:
        code = process.stop()
        print(f"----- {name} ({shlex.join(argv)}) exited {code} -----\n{process.output}")
