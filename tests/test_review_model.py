"""map.accept() and map.reject(): a person's decision on a proposed node."""

from __future__ import annotations

import re

import pytest

import argmap
from argmap.model import REJECT_REASONS, reject_reason

MAP = """\
# Pets, argued.
argmap: 1
id: pets
claim: Cats make better pets than dogs.
premises:
  - id: quiet
    text: Cats are quiet.  # mostly
objections:
  - text: Dogs are loyal.
  - text: Cats scratch furniture.
    status: proposed
    proposal:
      model: openai/test-model
      created: '2025-05-01T10:11:12Z'
      rationale: Damage to property is a real cost of keeping a cat.
      scheme: consequences
"""

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def load() -> argmap.ArgumentMap:
    return argmap.loads(MAP)


def test_accept_removes_status_and_keeps_provenance():
    m = load()
    node = m.accept("cats-scratch-furniture")
    assert node.status is None and node.is_accepted
    assert node.proposal is not None
    assert node.proposal.model == "openai/test-model"
    assert node.proposal.rationale.startswith("Damage")
    assert ISO.match(node.proposal.decided)
    text = argmap.dumps(m)
    assert "status:" not in text
    assert "decided:" in text and "rationale: Damage" in text
    assert text.startswith("# Pets, argued.\n") and "Cats are quiet.  # mostly" in text
    again = argmap.loads(text)
    assert again["cats-scratch-furniture"].is_accepted


def test_accepted_node_counts_in_walks_that_skip_proposals():
    m = load()
    before = [n.id for n in m.nodes({"accepted"})]
    assert "cats-scratch-furniture" not in before
    m.accept("cats-scratch-furniture")
    assert "cats-scratch-furniture" in [n.id for n in m.nodes({"accepted"})]


def test_accept_with_edited_text_keeps_the_original_wording():
    m = load()
    node = m.accept("cats-scratch-furniture", text="  Cats scratch sofas and curtains. ")
    assert node.text == "Cats scratch sofas and curtains."
    assert node.proposal.original_text == "Cats scratch furniture."
    assert node.id == "cats-scratch-sofas-and-curtains"  # derived ids follow the text
    assert m.find("cats-scratch-sofas-and-curtains") is node


def test_accept_rejects_empty_text():
    m = load()
    with pytest.raises(ValueError, match="empty"):
        m.accept("cats-scratch-furniture", text="   ")
    assert m["cats-scratch-furniture"].status == "proposed"


def test_reject_records_reason_and_time():
    m = load()
    node = m.reject("cats-scratch-furniture", reason="Not-a-claim")
    assert node.status == "rejected"
    assert node.proposal.reason == "not a claim"
    assert ISO.match(node.proposal.decided)
    again = argmap.loads(argmap.dumps(m))
    rejected = again["cats-scratch-furniture"]
    assert rejected.status == "rejected" and rejected.proposal.reason == "not a claim"
    assert "cats-scratch-furniture" not in [n.id for n in again.nodes({"accepted", "proposed"})]


def test_reject_then_accept_clears_the_reason():
    m = load()
    m.reject("cats-scratch-furniture", reason="unclear")
    node = m.accept("cats-scratch-furniture")
    assert node.status is None and node.proposal.reason is None
    assert "reason" not in argmap.dumps(m)


def test_accept_is_idempotent():
    m = load()
    m.accept("cats-scratch-furniture")
    first = argmap.dumps(m)
    m.accept("cats-scratch-furniture")
    assert argmap.dumps(m) == first


def test_only_proposals_can_be_decided():
    m = load()
    with pytest.raises(ValueError, match="not a proposal"):
        m.accept("dogs-are-loyal")
    with pytest.raises(ValueError, match="not a proposal"):
        m.reject("quiet", reason="duplicate")
    with pytest.raises(ValueError, match="not a proposal"):
        m.accept("pets")
    with pytest.raises(KeyError):
        m.accept("no-such-node")


def test_reject_needs_a_proposal_record():
    m = argmap.loads("argmap: 1\nid: t\nclaim: A.\nobjections:\n  - text: B.\n    status: proposed\n")
    with pytest.raises(ValueError, match="proposal"):
        m.reject("b", reason="duplicate")
    assert m.accept("b").status is None


@pytest.mark.parametrize(
    "given, written",
    [
        ("duplicate", "duplicate"),
        ("Unsupported", "unsupported"),
        ("not_a_claim", "not a claim"),
        ("not a  claim", "not a claim"),
        ("other", "other"),
        ("other: off topic for this map", "other: off topic for this map"),
        ("Other:", "other"),
    ],
)
def test_reasons_are_normalised(given, written):
    assert reject_reason(given) == written


@pytest.mark.parametrize("bad", ["", "nonsense", "duplicate: of x", "irrelevant!"])
def test_unknown_reasons_are_refused(bad):
    with pytest.raises(ValueError, match="unknown reason"):
        reject_reason(bad)
    m = load()
    with pytest.raises(ValueError):
        m.reject("cats-scratch-furniture", reason=bad)
    assert m["cats-scratch-furniture"].status == "proposed"


def test_reason_list_matches_the_issue():
    assert REJECT_REASONS == ("duplicate", "unsupported", "unclear", "irrelevant", "not a claim", "other")
