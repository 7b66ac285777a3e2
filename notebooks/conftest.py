"""nbval runs each notebook in a fresh kernel started in this folder. Make that kernel import the
checkout's ``yibao`` even when the package is not installed (``python -m pytest notebooks --nbval``
with a system Python): the kernel inherits PYTHONPATH from this process."""

import os
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
_paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
if ROOT not in _paths:
    os.environ["PYTHONPATH"] = os.pathsep.join([ROOT, *_paths])
