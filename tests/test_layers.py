"""The layout's import directions, read from the source (every import, function-level ones included).

Each package's ``__init__`` says what lives there and what it may import; this is the check. Bottom to top:
errors and numeric (shared leaves), domain, model | store | scoring, sources (reads series with scoring), fit, evaluation, app, render,
cli.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import summitcast

PACKAGE = Path(summitcast.__file__).parent

#: What each layer may import of summitcast (besides itself and the shared leaves). ``errors`` (the exceptions) and
#: ``numeric`` (the NaN-to-None rule) are the shared leaves every layer may use.
SHARED = {"errors", "numeric"}
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "numeric": set(),
    "domain": {*SHARED},
    "model": {"domain", "numeric"},
    "store": {"domain", *SHARED},
    "scoring": {*SHARED},
    "sources": {"scoring", *SHARED},
    "fit": {"domain", "model", "store", *SHARED},
    "evaluation": {"domain", "model", "store", "scoring", *SHARED},
    "app": {"domain", "model", "store", "scoring", "evaluation", "sources", "fit", *SHARED},
    "render": {
        *("domain", "model", "store", "scoring", "evaluation", "sources", "fit", "app"),
        *SHARED,
    },
    "cli": {
        *("domain", "model", "store", "scoring", "evaluation", "sources", "fit", "app", "render"),
        *SHARED,
    },
    "__main__": {"cli"},
    "__init__": set(),
}

#: Third-party libraries only one layer may import.
OWNED = {"pymc": "fit", "arviz": "fit", "pytensor": "fit", "nutpie": "fit", "httpx": "sources"}
#: matplotlib is drawn in render alone.
OWNED["matplotlib"] = "render"


def _module(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(module: str) -> list[tuple[int, str]]:
    """``(line, absolute module)`` of every import in ``module`` (relative ones resolved)."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package[: len(package) - (node.level - 1)]
                base = ".".join([*up, base] if base else up)
            out.append((node.lineno, base))
            out += [
                (node.lineno, f"{base}.{a.name}")
                for a in node.names
                if f"{base}.{a.name}" in MODULES
            ]
    return out


def _internal(name: str) -> str | None:
    """The summitcast module ``name`` refers to (its longest known prefix), or None for a third-party one."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def test_the_walk_sees_every_layer() -> None:
    layers = {_layer(m) for m in MODULES}
    assert layers == set(ALLOWED), layers ^ set(ALLOWED)
    assert len(MODULES) > 60


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module: str) -> None:
    layer = _layer(module)
    for line, name in _imports(module):
        target = _internal(name)
        if target is None or target == "summitcast":
            continue
        other = _layer(target)
        if other != layer:
            assert other in ALLOWED[layer], f"{module}:{line} ({layer}) imports {target} ({other})"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_heavy_and_network_libraries_stay_in_their_layer(module: str) -> None:
    layer = _layer(module)
    for line, name in _imports(module):
        owner = OWNED.get(name.split(".")[0])
        if owner is not None:
            assert layer == owner, f"{module}:{line} imports {name}, which belongs to {owner}"


def test_no_import_cycle() -> None:
    """No cycle among summitcast's modules (a package importing its own submodules is not one)."""
    graph = {
        m: {
            t
            for _, n in _imports(m)
            if (t := _internal(n))
            and t != m
            and not (t.startswith(m + ".") or m.startswith(t + "."))
        }
        for m in MODULES
    }
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        path.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                raise AssertionError(" -> ".join([*path[path.index(n) :], n]))
            if n not in state:
                visit(n)
        path.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
