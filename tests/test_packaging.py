"""The wheel holds every subpackage: a package missing from pyproject breaks only installs."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    found = {".".join(path.parent.relative_to(ROOT).parts)
             for path in (ROOT / "extractor").rglob("__init__.py")
             if "__pycache__" not in path.parts}
    assert found <= listed, sorted(found - listed)
