"""The public surface: every exported name resolves, and every error argmap raises shares one base."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import subprocess
import sys
import warnings

import argmap
from argmap.critique.review import ReviewError

from .conftest import ROOT


def test_all_is_the_lazy_table_and_every_name_resolves() -> None:
    assert sorted(argmap.__all__) == sorted(argmap._LAZY), "__all__ and the lazy-import table differ"
    assert len(set(argmap.__all__)) == len(argmap.__all__)
    for name in argmap.__all__:
        module_name, attribute = argmap._LAZY[name].split(":")
        module, value = importlib.import_module(module_name), getattr(argmap, name)
        # argmap.render and argmap.critique may be their (callable) packages once those are imported.
        assert value is getattr(module, attribute) or (value is module and callable(value)), name


def test_type_checkers_see_the_names_the_lazy_table_loads() -> None:
    # The `if TYPE_CHECKING:` imports are what editors and mypy read: same names, from the same places.
    tree = ast.parse((ROOT / "argmap" / "__init__.py").read_text(encoding="utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
    )
    seen = {}
    for imp in block.body:
        assert isinstance(imp, ast.ImportFrom) and imp.level == 1, ast.dump(imp)
        for alias in imp.names:
            seen[alias.asname or alias.name] = f"argmap.{imp.module}:{alias.name}"
    assert seen == argmap._LAZY


def test_import_argmap_stays_lazy() -> None:
    code = (
        "import sys, argmap; argmap.__all__; "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('argmap.') "
        "or m.split('.')[0] in ('pydantic', 'ruamel', 'yaml', 'rich', 'typer'))))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert loaded == []


def _argmap_modules() -> list[str]:
    return sorted(
        info.name for info in pkgutil.walk_packages(argmap.__path__, "argmap.") if not info.name.endswith("__main__")
    )


def test_every_exception_class_argmap_defines_derives_from_argmap_error() -> None:
    defined = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # old module paths warn when imported
        for name in _argmap_modules():
            module = importlib.import_module(name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                # Warnings are shown, not raised; an interrupt (CritiqueInterrupted, a KeyboardInterrupt)
                # must stay out of `except Exception`, so it cannot share the errors' base.
                if cls.__module__ == module.__name__ and issubclass(cls, Exception) and not issubclass(cls, Warning):
                    defined.append(cls)
    assert len(defined) > 20  # the walk did find argmap's modules and their errors
    outside = [f"{cls.__module__}.{cls.__qualname__}" for cls in defined if not issubclass(cls, argmap.ArgmapError)]
    assert outside == []


def test_every_argmap_error_has_one_base() -> None:
    for error in (
        argmap.MapError,
        argmap.ConflictError,
        argmap.RenderError,
        argmap.CritiqueError,
        ReviewError,
        argmap.UnknownIdError,
        argmap.NodeError,
    ):
        assert issubclass(error, argmap.ArgmapError), error
    try:
        argmap.loads("argmap: 1\nclaim: [\n")
    except argmap.ArgmapError as exc:
        assert "YAML" in str(exc)
    else:
        raise AssertionError("a broken map loaded")
