"""tests/conftest.py under pytest-xdist, as `make test` runs it: each case is a small suite of
its own, run by a new pytest with the project's conftest as a plugin."""

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_suite(path, files, *args):
    """Write `files` into `path` and run pytest there on SQLite, without the services."""
    (path / "pytest.ini").write_text(
        "[pytest]\nDJANGO_SETTINGS_MODULE = config.settings.test\naddopts = -p tests.conftest\n"
    )
    for name, text in files.items():
        (path / name).write_text(textwrap.dedent(text))
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REQUIRE_SERVICES"} and not key.startswith("PYTEST_")
    }
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            f"--basetemp={path / 'tmp'}",
            *args,
        ],
        cwd=path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_workers_skips_are_listed_at_the_end(tmp_path):
    # Given a suite with a service test, run on two workers without PostgreSQL.
    suite = {
        "test_inner.py": """
            import pytest

            @pytest.mark.services
            def test_needs_postgresql():
                pass

            def test_plain():
                pass
        """
    }

    # When it runs.
    result = run_suite(tmp_path, suite, "-n", "2")

    # Then the controller's summary names the test a worker skipped, and why.
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if "SKIPPED 1 'services' tests" in line)
    assert lines[start + 1 : start + 4] == [
        "test_inner.py::test_needs_postgresql",
        "Reason: DATABASE_URL is not a PostgreSQL URL",
        "CI (.ci/run) provides them and requires these tests.",
    ]
    assert re.search(r" 1 passed, 1 skipped\b", lines[-1])


ORDERED = {
    "test_a.py": """
        import pytest

        @pytest.mark.django_db
        def test_a_reads():
            pass

        @pytest.mark.django_db(transaction=True)
        def test_a_flushes():
            pass
    """,
    "test_b.py": """
        import pytest

        @pytest.mark.django_db
        def test_b_reads():
            pass
    """,
}


def test_a_distribution_that_breaks_the_order_is_named(tmp_path):
    """`--dist load` (make test) keeps each worker's tests in collection order, transactional
    ones last: the whole suite passing under it shows that. `loadfile` sends a file whole."""
    # Given test_a.py, sent whole with its transactional test before test_b.py.
    # When it runs.
    result = run_suite(tmp_path, ORDERED, "-n", "1", "--dist", "loadfile", "--nomigrations")

    # Then test_b errs with the reason, not with a missing rubric or site.
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        "test_b.py::test_b_reads runs after the transactional test test_a.py::test_a_flushes,"
        " which flushed the migration data: run transactional tests last (xdist: --dist load)"
    ) in result.stdout
    assert re.search(r" 2 passed, 1 error\b", result.stdout.splitlines()[-1])
