"""The "house" counts of issue 21, measured on src/summitcast: how far the code is from its layout rules.

    python bench/house_counts.py [--json] [--report]

* modules over 600 lines;
* functions over 70 lines of code (non-blank, non-comment lines of the body, docstring excluded);
* library functions outside the store (``summitcast.store``; the CLI is not library) that take a bare folder: a
  parameter named ``directory``/``folder``/``root`` or annotated ``Path`` that names a folder;
* library raise messages that mention a command-line flag (``--xxx``): string constants in a function that raises,
  outside the CLI and outside docstrings, which name a flag;
* inline logit/sigmoid restatements (``log(p) - log1p(-p)``, ``log(p / (1 - p))``, ``1 / (1 + exp(-z))``) outside
  ``summitcast.model.quadrature``;
* import cycles among summitcast's modules (an ast-based import graph, strongly connected components);
* with ``--report``: the wall time of ``bench/bench_report.py --quick`` (a subprocess).
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PKG = SRC / "summitcast"

MAX_MODULE_LINES = 600
MAX_FUNCTION_LOC = 70
FLAG = re.compile(r"(?<![\w`-])--[a-z][a-z0-9-]+")
LOGIT = re.compile(
    r"log1p\(-[\w.\[\]]+\)"
    r"|log\([\w.\[\]]+ ?/ ?\(1(\.0)? ?- ?[\w.\[\]]+\)\)"
    r"|1(\.0)? ?/ ?\(1(\.0)? ?\+ ?(np\.|math\.)?exp\(-"
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PKG.rglob("*.py"))}


def is_library(name: str) -> bool:
    return not (name == "summitcast.cli" or name.startswith("summitcast.cli."))


def is_store(name: str) -> bool:
    return name == "summitcast.store" or name.startswith("summitcast.store.")


def _docstring_lines(node: ast.AST) -> set[int]:
    body = getattr(node, "body", None)
    first = body[0] if body else None
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        return set(range(body[0].lineno, (body[0].end_lineno or body[0].lineno) + 1))
    return set()


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        ):
            ids.add(id(body[0].value))
    return ids


def function_loc(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> int:
    skip = _docstring_lines(node)
    first = node.body[0].lineno
    count = 0
    for n in range(first, (node.end_lineno or first) + 1):
        text = lines[n - 1].strip()
        if n in skip or not text or text.startswith("#"):
            continue
        count += 1
    return count


def _folder_params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    args = [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]
    out = []
    for a in args:
        ann = ast.unparse(a.annotation) if a.annotation is not None else ""
        if a.arg in ("directory", "folder", "root", "dir_") or (
            re.search(r"\bPath\b", ann) and a.arg in ("d", "path_dir", "base")
        ):
            out.append(a.arg)
    return out


def imports_of(name: str, tree: ast.AST, known: set[str]) -> set[str]:
    """summitcast modules imported anywhere in the module (function-level imports included)."""
    is_pkg = modules_cache[name].name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = name.split(".") if is_pkg else name.split(".")[:-1]
                pkg = pkg[: len(pkg) - (node.level - 1)]
                base = ".".join([*pkg, base] if base else pkg)
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name:
                out.add(t)
    return out


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), i.e. the import cycles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(10_000)

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _is_package_parent(a: str, b: str) -> bool:
    """A package's __init__ importing its own submodule (or the reverse) is how packages work, not a cycle."""
    return b.startswith(a + ".") or a.startswith(b + ".")


modules_cache: dict[str, Path] = {}


def measure() -> dict:
    modules_cache.update(modules())
    known = set(modules_cache)
    big_modules, long_functions, folder_fns, flag_msgs, logits = [], [], [], [], []
    graph: dict[str, set[str]] = {}
    for name, path in modules_cache.items():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        rel = str(path.relative_to(ROOT))
        if len(lines) > MAX_MODULE_LINES:
            big_modules.append({"module": rel, "lines": len(lines)})
        tree = ast.parse(text)
        graph[name] = {m for m in imports_of(name, tree, known) if not _is_package_parent(name, m)}
        docstrings = _docstring_nodes(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            loc = function_loc(node, lines)
            if loc > MAX_FUNCTION_LOC:
                long_functions.append({"function": f"{rel}:{node.name}", "loc": loc})
            if is_library(name) and not is_store(name):
                for p in _folder_params(node):
                    folder_fns.append(f"{rel}:{node.name}({p})")
            if is_library(name) and any(isinstance(n, ast.Raise) for n in ast.walk(node)):
                for n in ast.walk(node):
                    if (
                        isinstance(n, ast.Constant)
                        and isinstance(n.value, str)
                        and id(n) not in docstrings
                        and FLAG.search(n.value)
                    ):
                        flag_msgs.append(f"{rel}:{n.lineno}: {FLAG.search(n.value).group(0)}")
        if name != "summitcast.model.quadrature":
            for i, line in enumerate(lines, 1):
                code = line.split("#", 1)[0]
                for m in LOGIT.finditer(code):
                    logits.append(f"{rel}:{i}: {m.group(0)}")
    flag_msgs = sorted(set(flag_msgs))
    cyc = cycles(graph)
    return {
        "modules_over_600_lines": sorted(big_modules, key=lambda m: -m["lines"]),
        "functions_over_70_loc": sorted(long_functions, key=lambda f: -f["loc"]),
        "bare_folder_functions": sorted(folder_fns),
        "flag_messages": flag_msgs,
        "inline_logits": logits,
        "import_cycles": cyc,
    }


def report_time() -> float | None:
    script = ROOT / "bench" / "bench_report.py"
    if not script.exists():
        return None
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(script), "--quick"], cwd=ROOT, check=True, capture_output=True
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--report", action="store_true", help="also time bench/bench_report.py --quick"
    )
    args = parser.parse_args()
    doc = measure()
    if args.report:
        doc["report_seconds"] = report_time()
    if args.json:
        print(json.dumps(doc, indent=2))
        return
    for key, values in doc.items():
        if key == "report_seconds":
            print(f"report_seconds: {values:.2f}" if values is not None else "report_seconds: n/a")
            continue
        print(f"{key}: {len(values)}")
        for v in values:
            print(f"    {v}")


if __name__ == "__main__":
    main()
