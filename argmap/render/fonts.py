"""How wide text is, and which installed font draws it.

argmap measures every line of text itself (Graphviz gets empty boxes of that size), so
the boxes fit only if the viewer's font is no wider than the one measured. A viewer
uses the first family of ``FONT`` that it has: Helvetica on macOS, Arial on Windows,
Liberation Sans (Arial's metrics) or DejaVu Sans on Linux. DejaVu Sans is the widest
of them (about 15% wider than Helvetica), so each character is measured at the
widest advance any of the three gives it: text fits its box whichever one draws it,
at the price of a little spare room on the right with Helvetica or Arial. Embedding a
font would make every viewer draw the same glyphs, but an SVG cannot rely on an
embedded font (many viewers ignore ``@font-face``), and it would add tens of kilobytes
to every picture.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Optional

#: The families asked for, most wanted first; every one is covered by the widths below.
FONT = "Helvetica,Arial,'Liberation Sans','DejaVu Sans',sans-serif"

_CHARS = (
    ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_'
    '`abcdefghijklmnopqrstuvwxyz{|}~\xa0¡¢£¤¥¦§¨©ª«¬\xad®¯°±²³´µ¶·¸¹º»¼½¾¿À'
    'ÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿĀ'
    'āĂăĄąĆćĈĉĊċČčĎďĐđĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħĨĩĪīĬĭĮįİıĲĳĴĵĶķĸĹĺĻļĽľĿŀ'
    'ŁłŃńŅņŇňŉŊŋŌōŎŏŐőŒœŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſ–'
    '—‘’“”…·•′″€−'
)
# Advance widths in thousandths of an em: the largest of Helvetica, Liberation Sans and DejaVu Sans
# for each character (regular, then bold), read from the fonts' hmtx tables.
_REGULAR = dict(zip(_CHARS, (
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636,
    636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 556, 1015, 684, 686, 722, 770, 667, 611, 778, 752, 295,
    500, 667, 557, 863, 748, 787, 667, 787, 722, 667, 611, 732, 684, 989, 685, 667, 685, 390, 337, 390, 838,
    556, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521,
    392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838, 318, 401, 636, 636, 636, 636, 337, 556, 500, 1000,
    471, 612, 838, 361, 1000, 552, 500, 838, 401, 401, 500, 636, 636, 333, 500, 401, 471, 612, 969, 969, 969,
    611, 684, 684, 684, 684, 684, 684, 1000, 722, 667, 667, 667, 667, 295, 295, 295, 295, 775, 748, 787, 787,
    787, 787, 787, 838, 787, 732, 732, 732, 732, 667, 667, 630, 613, 613, 613, 613, 613, 613, 982, 550, 615,
    615, 615, 615, 278, 278, 278, 278, 612, 634, 612, 612, 612, 612, 612, 838, 612, 634, 634, 634, 634, 592,
    635, 592, 684, 613, 684, 613, 684, 613, 722, 550, 722, 550, 722, 550, 722, 550, 770, 635, 775, 635, 667,
    615, 667, 615, 667, 615, 667, 615, 667, 615, 778, 635, 778, 635, 778, 635, 778, 635, 752, 634, 916, 695,
    295, 278, 295, 278, 295, 278, 295, 278, 295, 278, 735, 556, 500, 278, 667, 579, 579, 557, 278, 557, 278,
    557, 375, 557, 342, 562, 284, 748, 634, 748, 634, 748, 634, 813, 748, 634, 787, 612, 787, 612, 787, 612,
    1070, 1023, 722, 411, 722, 411, 722, 411, 667, 521, 667, 521, 667, 521, 667, 521, 611, 392, 611, 392, 611,
    392, 732, 634, 732, 634, 732, 634, 732, 634, 732, 634, 732, 634, 989, 818, 667, 592, 667, 685, 525, 685,
    525, 685, 525, 352, 556, 1000, 318, 318, 518, 518, 1000, 333, 590, 227, 374, 636, 838
)))
_BOLD = dict(zip(_CHARS, (
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696,
    696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 611, 1015, 774, 762, 734, 830, 683, 683, 821, 837, 372,
    556, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838,
    556, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595,
    478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838, 348, 456, 696, 696, 636, 696, 365, 556, 500, 1000,
    564, 646, 838, 415, 1000, 552, 500, 838, 438, 438, 500, 736, 636, 380, 500, 438, 564, 646, 1035, 1035,
    1035, 611, 774, 774, 774, 774, 774, 774, 1085, 734, 683, 683, 683, 683, 372, 372, 372, 372, 838, 837, 850,
    850, 850, 850, 850, 838, 850, 812, 812, 812, 812, 724, 738, 719, 675, 675, 675, 675, 675, 675, 1048, 593,
    678, 678, 678, 678, 343, 343, 343, 343, 687, 712, 687, 687, 687, 687, 687, 838, 687, 712, 712, 712, 712,
    652, 716, 652, 774, 675, 774, 675, 774, 675, 734, 593, 734, 593, 734, 593, 734, 593, 830, 719, 838, 716,
    683, 678, 683, 678, 683, 678, 683, 678, 683, 678, 821, 716, 821, 716, 821, 716, 821, 716, 837, 712, 974,
    790, 372, 343, 372, 343, 372, 343, 372, 343, 372, 343, 785, 686, 556, 343, 775, 665, 665, 637, 343, 637,
    343, 637, 479, 637, 557, 642, 371, 837, 712, 837, 712, 837, 712, 983, 837, 712, 850, 687, 850, 687, 850,
    687, 1167, 1094, 770, 493, 770, 493, 770, 493, 720, 595, 720, 595, 720, 595, 720, 595, 682, 478, 682, 479,
    682, 478, 812, 712, 812, 712, 812, 712, 812, 712, 812, 712, 812, 712, 1103, 924, 724, 652, 724, 725, 582,
    725, 582, 725, 582, 435, 556, 1000, 380, 380, 657, 657, 1000, 380, 639, 264, 479, 696, 838
)))
#: Characters not in the tables: an average Latin advance, or a full em for wide (CJK) ones.
_OTHER = 650


def _other(char: str) -> int:
    return 1000 if unicodedata.east_asian_width(char) in ("W", "F") else _OTHER


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` at ``size`` points in the widest of the fonts a viewer may use."""
    table = _BOLD if bold else _REGULAR
    try:
        total = sum(map(table.__getitem__, text))
    except KeyError:
        total = sum(table.get(char) or _other(char) for char in text)
    return total * size / 1000


#: Families a PNG may be drawn with, best first, and the file names that show one is installed.
_FAMILIES = (
    ("Helvetica", ("helvetica",)),
    ("Arial", ("arial.ttf", "arial.ttc", "arialmt")),
    ("Liberation Sans", ("liberationsans-regular",)),
    ("DejaVu Sans", ("dejavusans.ttf",)),
)


def font_folders() -> list[Path]:
    """The folders where resvg (fontdb) looks for system fonts on this platform."""
    home = Path.home()
    if sys.platform == "win32":
        return [Path(os.environ.get("WINDIR", "C:\\Windows")) / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts", data_home / "fonts"]


def font_files(folders: Optional[list[Path]] = None) -> list[Path]:
    """Every font file (.ttf, .otf, .ttc, .otc) under ``folders`` (default: the system's)."""
    suffixes = {".ttf", ".otf", ".ttc", ".otc"}
    found: list[Path] = []
    for folder in folders if folders is not None else font_folders():
        try:
            found.extend(path for path in folder.rglob("*") if path.suffix.lower() in suffixes)
        except OSError:
            continue
    return found


@lru_cache(maxsize=8)
def installed_family(folders: Optional[tuple[Path, ...]] = None) -> Optional[str]:
    """The best family of ``FONT`` that is installed, or None when none is (other fonts may be)."""
    names = [path.name.lower() for path in font_files(list(folders) if folders is not None else None)]
    for family, markers in _FAMILIES:
        if any(name.startswith(marker) or name == marker for marker in markers for name in names):
            return family
    return None


def regular_and_bold(folders: Optional[list[Path]] = None) -> Optional[tuple[Path, Path]]:
    """TrueType files of an installed family of ``FONT`` (regular, bold), to embed in a PDF; None if none."""
    files = {path.name.lower(): path for path in font_files(folders)}
    for regular, bold in (("liberationsans-regular.ttf", "liberationsans-bold.ttf"),
                          ("arial.ttf", "arialbd.ttf"),
                          ("dejavusans.ttf", "dejavusans-bold.ttf")):
        if regular in files:
            return files[regular], files.get(bold, files[regular])
    return None


def other_family(files: list[Path]) -> Optional[str]:
    """The family name of the first readable font in ``files`` (for a machine with none of ``FONT``)."""
    try:
        from fontTools.ttLib import TTFont  # installed with fpdf2
    except ImportError:
        return None
    for path in sorted(files):
        try:
            font = TTFont(path, fontNumber=0, lazy=True)
            name = font["name"].getBestFamilyName()
        except Exception:  # a damaged or unusual font file: try the next
            continue
        if name:
            return str(name)
    return None
