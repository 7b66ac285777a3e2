import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# No Hypothesis test may fail on a clock: no deadline, no "too slow" health check (a loaded machine is
# slow). On CI the examples are derived from each test's name, so a run's result depends on the code only.
settings.register_profile("yibao", deadline=None, suppress_health_check=[HealthCheck.too_slow],
                          derandomize=bool(os.environ.get("CI")), database=None if os.environ.get("CI") else
                          settings.default.database)
settings.load_profile("yibao")

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("YIBAO_SHARED", ROOT.parent / "shared"))


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", default=False,
                     help="also run the slow tier (tests marked slow: 10000+ generated years); make test-slow")


#: The test files that take longest (browsers, servers, the docs build, the catalogue), run first: with
#: pytest-xdist's --dist loadfile the two workers then end together instead of one waiting on the other.
LONG_FIRST = ("test_app_server.py", "test_app_browser.py", "test_docs_search_browser.py",
              "test_notebook_pages_browser.py", "test_app_lifecycle.py", "test_docs_build.py", "test_catalogue.py",
              "test_chinese_refusals.py", "test_policy_reads.py", "test_invariants.py", "test_check.py")


def pytest_collection_modifyitems(config, items):
    """The default run leaves the slow tier out (deselected, not skipped); --slow keeps it. The longest
    files go first (:data:`LONG_FIRST`), each file's tests in their own order."""
    rank = {name: i for i, name in enumerate(LONG_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the order within a file holds
    if config.getoption("--slow"):
        return
    slow = [i for i in items if i.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [i for i in items if not i.get_closest_marker("slow")]


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run ``yibao`` in-process: returns (exit status, stdout, stderr). Its error messages are the
    English ones (``YIBAO_LANG=en``), which the tests using this fixture match word for word; the
    Chinese default is checked in tests/test_messages.py and tests/test_catalogue.py."""
    from yibao.skins.cli import main

    monkeypatch.setenv("YIBAO_LANG", "en")

    def run(*args: str):
        try:
            code = main(list(args))
        except SystemExit as e:  # argparse errors
            code = e.code
        out, err = capsys.readouterr()
        return code, out, err

    return run
