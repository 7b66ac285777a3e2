import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("YIBAO_SHARED", ROOT.parent / "shared"))


@pytest.fixture
def cli(capsys):
    """Run ``yibao`` in-process: returns (exit status, stdout, stderr)."""
    from yibao.cli import main

    def run(*args: str):
        try:
            code = main(list(args))
        except SystemExit as e:  # argparse errors
            code = e.code
        out, err = capsys.readouterr()
        return code, out, err

    return run
