"""Layering: the fast commands never pull in the heavy libraries, and the model knows nothing of CLI or plots."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import summitcast
import summitcast.model

HEAVY = ("pymc", "arviz", "pytensor", "matplotlib", "scipy.stats")

LEDGER = """\
title = "Will A and B meet?"
resolution_criteria = "In person."
opens = 2025-10-01
deadline = 2025-12-31

[prior]
probability = 0.2

[[windows]]
id = "trip"
name = "Trip"
start = 2025-10-29
end = 2025-10-30
hazard = 30

[[evidence]]
id = "e1"
date = 2025-10-02
source = "S"
says = "x"
strength = "moderate"
direction = "for"
window = "trip"
"""

SCRIPT = """
import json, sys
import summitcast.cli
after_import = sorted(sys.modules)
try:
    summitcast.cli.cli(["show", "q", "--json"], prog_name="summitcast")
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "after_import": after_import, "after_show": sorted(sys.modules)}))
"""


def loaded(mods: list[str], name: str) -> bool:
    return any(m == name or m.startswith(name + ".") for m in mods)


def test_cli_import_and_show_leave_heavy_libraries_out(tmp_path: Path) -> None:
    (tmp_path / "q.toml").write_text(LEDGER)
    env = {**os.environ, "SUMMITCAST_DIR": str(tmp_path), "SUMMITCAST_TODAY": "2025-10-27"}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    lines = out.stdout.strip().splitlines()
    doc = json.loads(lines[-1])
    assert doc["code"] in (0, None)
    show = json.loads("\n".join(lines[:-1]))
    assert show["id"] == "q" and show["evidence_used"] == 1  # show really ran
    assert "summitcast.model" in doc["after_show"]
    for name in HEAVY:
        assert not loaded(doc["after_import"], name), name
        assert not loaded(doc["after_show"], name), name


def test_model_imports_neither_click_nor_matplotlib() -> None:
    # v2: the model is a package (evidence, hazard, quadrature, forecast); every module of it is read
    files = sorted(Path(summitcast.model.__file__).parent.glob("*.py"))
    assert {f.stem for f in files} >= {"__init__", "evidence", "hazard", "quadrature", "forecast"}
    imported = set()
    for f in files:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
    assert imported  # the walk saw the imports
    assert "numpy" in imported
    assert not imported & {"click", "matplotlib", "pymc", "arviz", "pytensor"}
    code = "import sys, summitcast.model; print(sorted(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    mods = ast.literal_eval(out.stdout)
    assert "summitcast.model" in mods
    for name in ("click", *HEAVY):
        assert not loaded(mods, name), name


@pytest.mark.parametrize(
    "module",
    [
        "errors",
        "store.ledger",
        "store.schema",
        "store.edit",
        "domain.event",
        "store.workspace",
        "app.checks",
        "app.changes",
        "app.create",
        "app.changeresult",
        "model",
        "model.evidence",
        "model.hazard",
        "model.quadrature",
        "model.forecast",
        "model.results",
        "render.text",
        "evaluation.comparison",
        "evaluation.series_io",
        "scoring.community_json",
        "render.scores",
        "render.plotting",
        "render.report",
        "scoring.trackrecord",
        "scoring.grouping",
        "scoring.series",
        "render.fonts",
        "render.formatting",
    ],
)
def test_docstring_examples_run(module: str) -> None:
    import doctest
    import importlib

    mod = importlib.import_module(f"summitcast.{module}")
    result = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    # every module listed has examples, and they ran (a module that runs none would make this test vacuous);
    # the packages that only re-export ("model", "plotting", "report") are exempt
    if module not in ("model", "render.plotting", "render.report"):
        assert result.attempted > 0, f"summitcast.{module} ran no docstring example"


#: The libraries that only the fit subpackage may import, and only inside functions.
FIT_ONLY = ("pymc", "arviz", "pytensor", "nutpie")
FIT_MODULES = ["data", "diagnostics", "pymc_model", "run", "sample", "simulate", "storage"]


def _heavy_imports(path: Path) -> list[tuple[int, str, bool]]:
    """``(line, module, at module level)`` for each import of a FIT_ONLY library in ``path``.

    Imports under ``if TYPE_CHECKING:`` are typing only and not counted.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            typing_only |= {id(n) for n in ast.walk(node)}
    top_level = {id(n) for n in tree.body}
    out = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            if name.split(".")[0] in FIT_ONLY:
                out.append((node.lineno, name, id(node) in top_level))
    return out


def test_only_the_fit_subpackage_imports_pymc_and_only_inside_functions() -> None:
    package = Path(summitcast.__file__).parent
    files = sorted(package.rglob("*.py"))
    assert package / "fit" / "sample.py" in files
    seen_in_fit = 0
    for path in files:
        found = _heavy_imports(path)
        rel = path.relative_to(package).as_posix()
        for line, name, top in found:
            assert rel.startswith("fit/"), f"{rel}:{line} imports {name}"
            assert not top, f"{rel}:{line} imports {name} at module level"
        seen_in_fit += rel.startswith("fit/") and bool(found)
    assert seen_in_fit >= 3  # the scan sees the lazy imports (pymc_model, sample, diagnostics)


def test_importing_the_fit_modules_loads_no_heavy_library() -> None:
    mods = ["summitcast.fit", "summitcast.fit"] + [f"summitcast.fit.{m}" for m in FIT_MODULES]
    code = f"import importlib, sys; [importlib.import_module(m) for m in {mods!r}]; print(sorted(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded_mods = ast.literal_eval(out.stdout)
    assert "summitcast.fit.pymc_model" in loaded_mods
    for name in (*FIT_ONLY, "scipy", "matplotlib"):
        assert not loaded(loaded_mods, name), name
