"""Node ids: the slug rule, and stable ids derived from node text."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence

#: What an id must look like: lowercase ASCII letters, digits and hyphens, not starting with a hyphen.
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_SLUG_RE = re.compile(SLUG_PATTERN)
_WORD = re.compile(r"[a-z0-9]+")
# A byte table: ASCII letters to lowercase, digits kept, every other byte to a space.
_ASCII_WORDS = bytes(
    c
    if _WORD.fullmatch(chr(c))
    else ord(chr(c).lower())
    if chr(c).isascii() and _WORD.fullmatch(chr(c).lower())
    else 32
    for c in range(256)
)

#: Derived ids keep at most this many characters, cut at a word boundary.
MAX_DERIVED_LENGTH = 40


def is_slug(value: object) -> bool:
    """Return True when ``value`` is a string that is a valid id."""
    return isinstance(value, str) and _SLUG_RE.match(value) is not None


def slugify(text: str, max_length: int = MAX_DERIVED_LENGTH) -> str:
    """Turn free text into a short slug: ``"Models generalize worse!"`` -> ``"models-generalize-worse"``.

    Text with no ASCII letters or digits (a claim in Greek, say) gets ``n-`` and a hash.
    """
    if text.isascii():
        # The slug of a prefix is a prefix of the slug: when one is long enough to be cut,
        # the rest of the text cannot change the result (loading derives thousands of ids).
        head = text[: 2 * max_length + 24]
        slug = b"-".join(head.encode("ascii").translate(_ASCII_WORDS).split()).decode("ascii")
        if len(slug) <= max_length + 1 and len(head) < len(text):
            slug = b"-".join(text.encode("ascii").translate(_ASCII_WORDS).split()).decode("ascii")
    else:
        text_ascii = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
        slug = "-".join(_WORD.findall(text_ascii.lower()))
    if len(slug) > max_length:
        cut = slug.rfind("-", 0, max_length + 1)
        slug = slug[:cut] if cut > 0 else slug[:max_length]
    return slug or "n-" + _short_hash(text, 8)


# The same table with hyphens for spaces and NUL kept: it separates texts when many are
# turned into slugs at once.
_ASCII_HYPHENS_NUL = b"\0" + _ASCII_WORDS[1:].replace(b" ", b"-")


def slugify_many(texts: Sequence[str], max_length: int = MAX_DERIVED_LENGTH) -> list[str]:
    """``[slugify(text) for text in texts]``, faster for many texts (loading derives thousands of ids).

    The ASCII texts are done together: the starts of all of them, joined with NUL between,
    go through one ``translate`` (everything but letters and digits to a hyphen) and a few
    ``replace`` passes that squeeze runs of hyphens; other texts go one by one.
    """
    limit = 2 * max_length + 24
    joined = "\0".join([text[:limit] for text in texts])
    if joined.isascii() and joined.count("\0") == len(texts) - 1:
        batch: Sequence[int] = range(len(texts))  # the usual case: every text is ASCII
    else:
        batch = [i for i, text in enumerate(texts) if text.isascii() and "\0" not in text]
        joined = "\0".join([texts[i][:limit] for i in batch])
    result = [""] * len(texts)
    if batch:
        hyphens = joined.encode("ascii").translate(_ASCII_HYPHENS_NUL)
        while b"--" in hyphens:
            hyphens = hyphens.replace(b"----", b"-").replace(b"--", b"-")
        for i, slug in zip(batch, hyphens.decode("ascii").split("\0")):
            text = texts[i]
            slug = slug.strip("-")
            if len(slug) <= max_length + 1 and len(text) > limit:
                result[i] = slugify(text, max_length)  # the cut start was too short to decide
                continue
            if len(slug) > max_length:
                cut = slug.rfind("-", 0, max_length + 1)
                slug = slug[:cut] if cut > 0 else slug[:max_length]
            result[i] = slug or "n-" + _short_hash(text, 8)
    if len(batch) < len(texts):
        done = set(batch)
        for i, text in enumerate(texts):
            if i not in done:
                result[i] = slugify(text, max_length)
    return result


def _short_hash(text: str, length: int = 4) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def assign_ids(root_id: str, entries: Sequence[tuple[str | None, str, int]], reserved: Iterable[str] = ()) -> list[str]:
    """Give every node an id, deriving one from the text where none is written.

    ``entries`` lists the nodes in document order as ``(explicit_id, text, parent)``,
    where ``parent`` is the index of the parent entry, or -1 for a child of the central
    claim. A derived id is the slug of the node's text. When that slug is taken, the
    node gets the slug plus a short hash of its parent's id and its own text, so its id
    still depends only on itself and its parent, never on unrelated nodes.
    """
    taken = {root_id, *reserved}
    taken.update(explicit for explicit, _, _ in entries if explicit)
    # Where the search for a free "-N" suffix of each base stopped: everything before it is
    # taken already, so many siblings with the same text cost linear, not quadratic, time.
    next_suffix: dict[str, int] = {}
    result: list[str] = []
    slugs = iter(slugify_many([text for explicit, text, _ in entries if not explicit]))
    for explicit, text, parent in entries:
        if explicit:
            result.append(explicit)
            continue
        candidate = next(slugs)
        if candidate in taken:
            parent_id = root_id if parent < 0 else result[parent]
            base = f"{candidate}-{_short_hash(parent_id + chr(10) + text)}"
            n = next_suffix.get(base, 2)
            candidate = base if n == 2 else f"{base}-{n - 1}"
            while candidate in taken:
                candidate, n = f"{base}-{n}", n + 1
            next_suffix[base] = n
        taken.add(candidate)
        result.append(candidate)
    return result


def did_you_mean(name: str, known: Iterable[object]) -> str:
    """`` (did you mean 'x'?)`` naming the known id (or key) closest to ``name``, or ``""``.

    The same id written another way (``No_Commute`` for ``no-commute``) is found first;
    then the closest spelling, as :func:`difflib.get_close_matches` sees it.
    """
    import difflib

    names = sorted({str(option) for option in known})
    slug = slugify(str(name))
    if slug != name and slug in names:
        return f" (did you mean {slug!r}?)"
    close = difflib.get_close_matches(str(name), names, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
