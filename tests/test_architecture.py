"""The shape of the code: imports flow one way, and modules keep their private names to themselves.

Every module of the package is read with ``ast`` (no import runs), and every import statement
that can run counts, including those inside functions: an import moved into a function to
dodge a cycle is still a cycle. Imports under ``if TYPE_CHECKING:`` never run and only name
types for annotations; they are not edges of the graph (but their names must still be public).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "argmap"

#: The one allowed way back up: a map shows itself in a notebook (and as DOT) by drawing
#: itself, so the model imports rendering inside those methods (see ArgumentMap._repr_svg_).
ALLOWED = {("argmap.model", "argmap.render")}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def resolve(current: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute name a (possibly relative) ``from ... import`` refers to."""
    if level == 0:
        return target or ""
    base = current.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


class Imports:
    """The edges of one module to other argmap modules, and its uses of their private names."""

    def __init__(self, name: str, path: Path, known: set[str]):
        self.name = name
        self.known = known
        self.edges: set[str] = set()
        self.private: list[str] = []
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_package = path.name == "__init__.py"
        module_aliases: dict[str, str] = {}
        typing_only = _typing_only(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in known and node not in typing_only:
                        self.edges.add(alias.name)
                        if alias.asname:
                            module_aliases[alias.asname] = alias.name
            elif isinstance(node, ast.ImportFrom):
                source = resolve(name, is_package, node.level, node.module)
                if source not in known:
                    continue
                for alias in node.names:
                    child = f"{source}.{alias.name}"
                    if child in known:  # "from . import fast": the module itself
                        if node not in typing_only:
                            self.edges.add(child)
                        module_aliases[alias.asname or alias.name] = child
                        continue
                    if node not in typing_only:
                        self.edges.add(source)
                    if _private(alias.name):
                        self.private.append(f"{name} imports {alias.name} from {source} (line {node.lineno})")
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in module_aliases
                and _private(node.attr)
            ):
                self.private.append(f"{name} uses {module_aliases[node.value.id]}.{node.attr} (line {node.lineno})")
        self.edges.discard(name)


def _typing_only(tree: ast.AST) -> set[ast.AST]:
    """The import statements inside ``if TYPE_CHECKING:`` blocks."""
    found: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                found.update(n for n in ast.walk(inner) if isinstance(n, (ast.Import, ast.ImportFrom)))
    return found


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def graph() -> dict[str, Imports]:
    found = modules()
    known = set(found)
    return {name: Imports(name, path, known) for name, path in found.items()}


def allowed(source: str, target: str) -> bool:
    return any(source == a and (target == b or target.startswith(b + ".")) for a, b in ALLOWED)


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph, as the list of modules around it, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def import_graph() -> dict[str, set[str]]:
    # A package's __init__ re-exporting its modules is not a way back up from those modules:
    # a module importing a sibling through the package ("from . import x") is an edge to x.
    return {name: {t for t in imports.edges if not allowed(name, t)} for name, imports in graph().items()}


def test_the_walk_sees_function_local_imports() -> None:
    # The model's notebook hook is an import inside a method: if the walk missed it, the
    # exception below would be hiding nothing.
    assert "argmap.render" in graph()["argmap.model"].edges


def test_imports_have_no_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_no_module_imports_private_names_of_another() -> None:
    found = [line for imports in graph().values() for line in imports.private]
    assert not found, "\n".join(found)


#: The storage package from the bottom up; a module imports only from the layers below it.
STORE_LAYERS = [
    ["lock", "data", "origin"],  # helpers: locking, comparing data, a map's origin
    ["files"],  # bytes, UTF-8 and atomic writes (under the lock)
    ["fast", "full"],  # the two readers
    ["writer"],  # the one writer of fresh documents (it checks plain strings with the fast reader)
    ["parsing"],  # which reader reads a text
    ["wholefile"],  # patching through ruamel.yaml's round trip
    ["linepatch"],  # patching only the lines that changed (falls back to wholefile for an entry)
    ["patching"],  # the line patcher when it is sure, the whole file otherwise
    ["loading"],
    ["merge"],
    ["saving"],
    ["retry"],
    ["yamlio", ""],  # the old single-module path, and the package's own exports
]


def test_storage_imports_flow_one_way() -> None:
    rank = {f"argmap.store.{m}".rstrip("."): n for n, layer in enumerate(STORE_LAYERS) for m in layer}
    store = {name for name in modules() if name == "argmap.store" or name.startswith("argmap.store.")}
    assert store == set(rank), "place each storage module in STORE_LAYERS"
    edges = import_graph()
    wrong = [f"{a} -> {b}" for a in sorted(store) for b in sorted(edges[a]) if b in rank and rank[b] >= rank[a]]
    assert not wrong, "storage modules importing upwards: " + ", ".join(wrong)


def test_the_checker_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
