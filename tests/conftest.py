import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("YIBAO_SHARED", ROOT.parent / "shared"))


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", default=False,
                     help="also run the slow tier (tests marked slow: 10000+ generated years); make test-slow")


def pytest_collection_modifyitems(config, items):
    """The default run leaves the slow tier out (deselected, not skipped); --slow keeps it."""
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
