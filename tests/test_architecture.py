"""The package's shape: stages that import only downwards, no cycles, small modules.

The import graph is read from the source (every ``import`` and ``from ...
import``, module level or inside a function; only ``if TYPE_CHECKING:``
blocks are left out, since they never run).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import pintuan

# The source tree beside the tests, read as text: a broken import still shows here.
SRC = Path(__file__).resolve().parents[1] / "src" / "pintuan"
MAX_LINES = 300

#: The stages, lowest first: a module may import its own stage or lower ones.
STAGES: tuple[tuple[str, ...], ...] = (
    (
        "errors",
        "_currencies",
        "money",
        "_time",
        "_keys",
        "_validators",
        "_window",
        "_treap",
        "_persistent",
        "schedule",
    ),
    ("draw",),
    ("gifts",),
    ("lottery",),
    ("campaign",),
    ("lifecycle",),
    ("settlement",),
    ("reports", "replay"),
    ("simulation",),
    ("codec",),
    ("cli", "__init__"),
    ("testing",),  # test helpers for users of the whole library
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """(module, names) of every pintuan import that runs."""
    found: list[tuple[str, tuple[str, ...]]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pintuan"):
            found.append((node.module, tuple(a.name for a in node.names)))
        elif isinstance(node, ast.Import):
            found.extend((a.name, ()) for a in node.names if a.name.startswith("pintuan"))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for target, names in _imports(path):
            # ``from pintuan.x import y`` imports the submodule pintuan.x.y if there is one.
            subs = {f"{target}.{n}" for n in names if f"{target}.{n}" in modules}
            graph[name] |= subs or {target}
            if subs and target in modules and set(names) - {s.rsplit(".", 1)[1] for s in subs}:
                graph[name].add(target)
    return graph


def _stage(module: str) -> int:
    part = module.split(".")[1] if "." in module else "__init__"
    for rank, names in enumerate(STAGES):
        if part in names:
            return rank
    raise AssertionError(f"{module} belongs to no stage; add it to STAGES")


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := walk(node)):
            return found
    return None


def test_the_graph_reads_real_imports() -> None:
    graph = _graph()
    assert "pintuan.lifecycle.group" in graph["pintuan.lifecycle.decider"]
    assert "pintuan.campaign" in graph["pintuan.lifecycle.decider"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycles() -> None:
    assert _cycle(_graph()) is None


def test_no_import_cycles_between_packages() -> None:
    packages: dict[str, set[str]] = {}
    for module, targets in _graph().items():
        top = ".".join(module.split(".")[:2])
        packages.setdefault(top, set()).update(
            ".".join(t.split(".")[:2]) for t in targets if ".".join(t.split(".")[:2]) != top
        )
    packages.pop("pintuan", None)  # the curated __init__ imports everything
    assert _cycle(packages) is None


@pytest.mark.parametrize("module", sorted(_modules()))
def test_stages_import_only_downwards(module: str) -> None:
    mine = _stage(module)
    upward = sorted(t for t in _graph()[module] if t != "pintuan" and _stage(t) > mine)
    assert not upward, f"{module} (stage {mine}) imports a later stage: {upward}"


@pytest.mark.parametrize("module", sorted(_modules()))
def test_no_private_name_crosses_a_module(module: str) -> None:
    private = [
        f"{target}.{name}"
        for target, names in _imports(_modules()[module])
        for name in names
        if name.startswith("_") and not name.startswith("__") and name != "_validators"
    ]
    assert not private, f"{module} imports private names: {private}"


@pytest.mark.parametrize("module", sorted(_modules()))
def test_modules_are_small(module: str) -> None:
    lines = len(_modules()[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines (at most {MAX_LINES})"


def test_public_names_are_documented_once() -> None:
    names = pintuan.__all__
    assert len(names) == len(set(names))
    assert all(getattr(pintuan, name).__doc__ for name in names if not name.isupper())


def test_importing_pintuan_leaves_out_what_only_some_calls_need() -> None:
    # importlib.metadata (for __version__) and dateutil (for a recurring
    # schedule) pull in modules of their own; loaded only when asked for,
    # they stay out of every full garbage collection's heap.
    code = (
        "import sys, pintuan\n"
        "heavy = ('importlib.metadata', 'email', 'zipfile', 'csv', 'dateutil')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "asked = pintuan.__version__ == pintuan.__version__ != ''\n"
        "print(asked, 'importlib.metadata' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.split("\n")
    assert out[:2] == ["[]", "True True"]
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        pintuan.nothing  # noqa: B018 - the module's __getattr__ answers only __version__


def test_the_simulation_entry_points_annotations_resolve_at_run_time() -> None:
    # Tools that read annotations at run time (validators, doc generators)
    # need the names in them importable from the module: the executor's type
    # among them.
    import typing

    for function in (pintuan.simulate, pintuan.sweep):
        hints = typing.get_type_hints(function)
        assert "executor" in hints
