"""benchmarks/critique_quality.py against the local fake server: hidden objections are
recovered (judge and lexical scores), past decisions give acceptance rates, and the
near-duplicate test is measured on labelled pairs."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from .critique_server import FakeLLM, Reply

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("litellm") is None, reason="LiteLLM (the llm extra) is not installed"
)

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "critique_quality.py"

MAP = """\
argmap: 1
id: cars
claim: Cities should ban cars from their centres.
objections:
  - id: deliveries
    text: Shops in the centre depend on deliveries by van.
  - id: disabled
    text: Disabled people need to reach the centre by car.
  - text: A model suggested this and a person accepted it.
    proposal: {model: openai/old-model, created: '2025-01-01T00:00:00Z', scheme: consequences,
               decided: '2025-01-02T00:00:00Z'}
  - text: Rejected one.
    status: rejected
    proposal: {model: openai/old-model, created: '2025-01-01T00:00:00Z', scheme: analogy, reason: unclear}
  - text: Rejected two.
    status: rejected
    proposal: {model: openai/other-model, created: '2025-01-01T00:00:00Z', scheme: consequences,
               reason: duplicate}
"""


def respond(request):
    content = request.messages[-1]["content"]
    if "<judge-data>" in content:
        data = json.loads(content.split("<judge-data>")[-1].split("</judge-data>")[0])
        refs = [r["text"] for r in data["references"]]
        assert refs == [
            "Shops in the centre depend on deliveries by van.",
            "Disabled people need to reach the centre by car.",
        ]
        # The judge finds the first reference in proposal 2, the second nowhere.
        return Reply(json.dumps({"matches": [{"reference": 1, "proposal": 2}, {"reference": 2, "proposal": None}]}))
    data = request.map_data
    assert "Shops in the centre" not in json.dumps(data)  # the references are hidden from the model
    return Reply(
        json.dumps(
            {
                "objections": [
                    {"text": "Air quality would improve less than hoped.", "rationale": "r", "scheme": "consequences"},
                    {
                        "text": "Centre shops rely on van deliveries to stay stocked.",
                        "rationale": "r",
                        "scheme": "sign",
                    },
                    {"text": "Tourists would stop coming.", "rationale": "r", "scheme": "cause to effect"},
                ]
            }
        )
    )


def test_the_script_runs_as_a_program(tmp_path):
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "similarity", "--json"], capture_output=True, text=True, cwd=tmp_path, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["pairs"] > 0


@pytest.fixture
def setup(tmp_path, monkeypatch, capsys):
    """The map, and ``run(ARGS, env_extra=...)``: the script's main() called in this process (a
    process of its own per call would import LiteLLM again, seconds of CPU each time)."""
    from benchmarks import critique_quality

    path = tmp_path / "cars.yaml"
    path.write_text(MAP)

    def run(*args: str, env_extra: dict) -> subprocess.CompletedProcess:
        for name, value in env_extra.items():
            monkeypatch.setenv(name, value)
        capsys.readouterr()
        try:
            code = critique_quality.main(list(args))
        except SystemExit as exc:
            code = exc.code
        out = capsys.readouterr()
        return subprocess.CompletedProcess([str(SCRIPT), *args], code or 0, out.out, out.err)

    return path, {"ARGMAP_CACHE_DIR": str(tmp_path / "cache"), "OPENAI_API_KEY": "sk-test-0123456789abcdef"}, run


def test_recover_scores_hidden_objections_with_a_judge_and_lexically(setup):
    path, env, run = setup
    with FakeLLM(respond) as server:
        done = run(
            "recover", str(path), "--model", "openai/test-model", "--api-base", server.base, "--json", env_extra=env
        )
        assert len(server.requests) == 2  # the critique, then the judge
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    total = result["total"]
    assert (total["targets"], total["references"], total["proposals"]) == (1, 2, 3)
    assert total["judge_recall"] == 0.5
    [case] = result["cases"]
    assert case["judged"] == [1, None]
    assert case["lexical"][0] > 0.4 and case["lexical"][1] < 0.4  # "van deliveries" shares its words
    assert total["lexical_recall"] == 0.5
    with FakeLLM(respond) as server:
        table = run(
            "recover",
            str(path),
            "--model",
            "openai/test-model",
            "--api-base",
            server.base,
            "--judge",
            "none",
            env_extra=env,
        )
    assert table.returncode == 0, table.stderr
    assert "cars" in table.stdout and "judge (none)" in table.stdout and "50%" in table.stdout


def test_acceptance_by_model_and_scheme(setup):
    path, env, run = setup
    done = run("acceptance", str(path), "--json", env_extra=env)
    assert done.returncode == 0, done.stderr
    table = json.loads(done.stdout)
    assert table["model"]["openai/old-model"] == {"accepted": 1, "edited": 0, "rejected": 1, "pending": 0}
    assert table["scheme"]["consequences"] == {"accepted": 1, "edited": 0, "rejected": 1, "pending": 0}
    text = run("acceptance", str(path), env_extra=env).stdout
    assert "openai/old-model" in text and "50%" in text


def test_similarity_precision_on_labelled_pairs(setup):
    path, env, run = setup
    done = run("similarity", "--json", env_extra=env)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["pairs"] >= 90 and result["same"] >= 15
    assert result["precision"] >= 0.95  # what docs/critique.md reports
