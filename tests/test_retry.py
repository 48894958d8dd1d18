"""save_with_retry: the change is made again on the newer file when a save clashes."""

import pytest

from argmap.errors import ConflictError, MapError
from argmap.store import saving
from argmap.store.retry import SAVE_ATTEMPTS, SaveFailed, save_with_retry


def saver(monkeypatch, failures):
    """Make saving raise each of ``failures`` in turn, then succeed; returns the maps saved."""
    saved = []

    def save(argmap, path=None):
        if failures:
            raise failures.pop(0)
        saved.append(argmap)

    monkeypatch.setattr(saving, "save", save)
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    return saved


def test_a_clash_makes_the_change_again_and_saves_the_newer_map(monkeypatch):
    saved = saver(monkeypatch, [ConflictError("clash"), ConflictError("clash")])
    calls = []

    def change():
        calls.append(len(calls))
        return f"map {len(calls)}", len(calls)

    assert save_with_retry(change) == 3
    assert saved == ["map 3"]


def test_nothing_to_save_returns_without_saving(monkeypatch):
    saved = saver(monkeypatch, [])
    assert save_with_retry(lambda: (None, "unchanged")) == "unchanged"
    assert saved == []


def test_a_file_that_keeps_changing_gives_up_after_the_last_attempt(monkeypatch):
    saver(monkeypatch, [ConflictError("clash")] * SAVE_ATTEMPTS)
    calls = []
    with pytest.raises(SaveFailed) as failed:
        save_with_retry(lambda: (calls.append(1) or "map", None))
    assert failed.value.kept_changing and len(calls) == SAVE_ATTEMPTS


def test_another_save_error_is_not_retried(monkeypatch):
    saver(monkeypatch, [MapError("map.yaml: write-protected")])
    calls = []
    with pytest.raises(SaveFailed) as failed:
        save_with_retry(lambda: (calls.append(1) or "map", None))
    assert not failed.value.kept_changing and len(calls) == 1
    assert "write-protected" in str(failed.value.cause)


def test_every_read_modify_write_goes_through_save_with_retry():
    # A clash caught anywhere else would be a second retry loop; `argmap merge` reports a clash, it does not retry.
    import ast
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "argmap"
    catching = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and "ConflictError" in ast.unparse(node.type or ast.Tuple([])):
                catching.add(path.relative_to(package).as_posix())
    assert catching == {"store/retry.py", "cli.py"}
    for user in ("critique/review.py", "critique/run.py", "agents/tools.py"):
        assert "save_with_retry(" in (package / user).read_text(encoding="utf-8"), user
