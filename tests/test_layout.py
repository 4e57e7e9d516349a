"""The package's layout stays a house a newcomer can read: no import circle between its
modules, no private name imported across modules, no long function (read from the source
with `ast`, nothing imported)."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "extractor"
MAX_LINES = 80
# Private names still imported across modules whose owners have not given them a public
# name yet; the list only shrinks.
NOT_YET_PUBLIC: set[str] = set()


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _type_checking_only(tree: ast.AST) -> set[int]:
    """Ids of the import nodes under `if TYPE_CHECKING:` (annotations only, never run)."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for child in ast.walk(node))
    return skipped


def _imports(name: str, path: Path, modules: dict[str, Path]):
    """(imported module, imported names) of every import that runs, lazy ones included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    yield alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            target = node.module or ""
            if node.level:
                target = f"{base}.{node.module}" if node.module else base
            if target not in modules:
                continue
            names = []
            for alias in node.names:
                if f"{target}.{alias.name}" in modules:
                    yield f"{target}.{alias.name}", ()  # `from . import module`
                else:
                    names.append(alias.name)
            if names or not node.names:
                yield target, tuple(names)


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for target, _ in _imports(name, path, modules):
            if target != name and not name.startswith(target + "."):  # a parent package
                graph[name].add(target)
    return graph


def _circle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle, as the list of modules on it, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_circle_finder_finds_a_circle():
    assert _circle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _circle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_import_circle():
    assert _circle(_graph()) is None


def test_no_private_name_imported_across_modules():
    modules = _modules()
    private = []
    for name, path in modules.items():
        for target, names in _imports(name, path, modules):
            private += [f"{name} imports {target}.{n}" for n in names
                        if n.startswith("_") and not n.startswith("__") and target != name]
    assert sorted(set(private) - NOT_YET_PUBLIC) == []
    assert sorted(NOT_YET_PUBLIC - set(private)) == []  # fixed: strike it from the list


def _qualified_long_functions(module: str, source: str, limit: int = MAX_LINES) -> list[str]:
    """`module.Class.function` of every function (methods and nested ones too) over `limit`."""
    found = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}.{child.name}"
                if not isinstance(child, ast.ClassDef) \
                        and child.end_lineno - child.lineno + 1 > limit:
                    found.append(name)
                visit(child, name)
            else:
                visit(child, prefix)

    visit(ast.parse(source), module)
    return found


def test_the_length_check_counts_lines():
    body = "\n".join(f"    x{i} = {i}" for i in range(3))
    assert _qualified_long_functions("m", f"def f():\n{body}\n", limit=4) == []
    assert _qualified_long_functions("m", f"def f():\n{body}\n", limit=3) == ["m.f"]


def test_the_length_check_names_methods_and_nested_functions():
    body = "\n".join(f"x{i} = {i}" for i in range(3))
    inner = "def inner():\n" + textwrap.indent(body, "    ")
    method = "def m(self):\n" + textwrap.indent(body + "\n" + inner, "    ")  # 8 lines
    source = "class C:\n" + textwrap.indent(method, "    ") + "\n"
    assert _qualified_long_functions("pkg.mod", source, limit=4) == ["pkg.mod.C.m"]
    assert _qualified_long_functions("pkg.mod", source, limit=3) == ["pkg.mod.C.m",
                                                                    "pkg.mod.C.m.inner"]


def test_no_long_function():
    long = set()
    for name, path in _modules().items():
        long.update(_qualified_long_functions(name, path.read_text(encoding="utf-8")))
    assert sorted(long) == []
