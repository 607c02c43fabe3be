"""The model layer knows nothing of the terminal (STYLE.md, "Structure")."""

import pkgutil
import subprocess
import sys

import models
from tests.replay import ROOT


def test_models_import_neither_textual_nor_rich():
    modules = [f"models.{m.name}" for m in pkgutil.iter_modules(models.__path__)]
    assert "models.procedure" in modules and "models.minutes" in modules
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "", f"models/ pulled in: {out.stdout.strip()}"
