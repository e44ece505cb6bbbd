"""The layers run one way, and `make lint` (lint-imports) says so when an import breaks them."""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
ROOT_PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is in the dev dependencies")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(  # noqa: S603 - our own virtualenv's lint-imports, fixed arguments
        [str(LINT_IMPORTS), "--no-cache"], cwd=tree, env=env, capture_output=True, text=True, timeout=120
    )


def copy_of_the_tree(tmp_path: Path) -> Path:
    """The packages as they are, linked; `core` copied, so a test can add a module to it."""
    for name in ROOT_PACKAGES:
        if name == "core":
            shutil.copytree(ROOT / name, tmp_path / name)
        else:
            (tmp_path / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_layers_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("module", "code", "reported"),
    [
        pytest.param(
            "upwards",
            "from directory.models import ServicePage  # noqa\n",
            "core.upwards -> directory.models",
            id="at the top of a module",
        ),
        pytest.param(
            "hidden",
            "def f():\n    from home import models  # noqa\n",
            "core.hidden -> home.models",
            id="hidden in a function",
        ),
    ],
)
def test_an_import_up_a_layer_breaks_the_lint(tmp_path, module, code, reported):
    tree = copy_of_the_tree(tmp_path)
    (tree / "core" / f"{module}.py").write_text(code)
    result = lint_imports(tree)
    assert result.returncode == 1
    assert reported in result.stdout
