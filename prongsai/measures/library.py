"""The standard measure library: YAML files in prongsai/measures/library/, one per framework,
loaded into `StandardMeasure` rows (the central office edits them in the UI afterwards).

Each entry gets a stable key `<target>-<n>` (its position among the entries of the same
target), so loading again updates the untouched entries and never duplicates them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from prongsai.scoring import Pack, PackError, load_pack

from .models import StandardMeasure

LIBRARY_DIR = Path(__file__).resolve().parent / "library"
SOURCES_MAX = StandardMeasure._meta.get_field("sources").max_length
FIELDS = ("activities_th", "output_th", "communication_th", "responsible_th", "monitoring_th")


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    kept: int = 0  # edited by the central office, left alone


def library_path(framework: str) -> Path:
    return LIBRARY_DIR / f"{framework}.yaml"


def available_libraries() -> list[str]:
    return sorted(p.stem for p in LIBRARY_DIR.glob("*.yaml"))


def targets(pack: Pack) -> list[str]:
    """What a library entry may be for: every survey question and every OIT sub-indicator."""
    return pack.question_codes() + [s.code for s in pack.subindicators]


def target_for(pack: Pack, code: str) -> str:
    """The library target of an issue code: a question is its own, an OIT item maps to its sub-indicator."""
    for sub in pack.subindicators:
        if code in sub.items:
            return sub.code
    return code


# a line of a library text that starts an item of its own ("2. ", "- ", "(3)", "๒."), not a line the file wrapped
OWN_LINE = re.compile(r"\s*(?:\d+[.)]|[๐-๙]+[.)]|\(\d+\)|[-•–])\s")


def unwrap(text: str) -> str:
    """A library text with the file's line wrapping undone: a line that does not start an item of
    its own continues the one before (after a space, as Thai phrases are spaced), so a document
    does not break a sentence where the YAML file did."""
    lines = text.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        if OWN_LINE.match(line) or not line.strip() or not out[-1].strip():
            out.append(line)
        else:
            out[-1] = out[-1].rstrip() + " " + line.strip()
    return "\n".join(out)


def read_library(path: Path) -> tuple[str, list[dict]]:
    """The framework code and the entries of a library file, validated; ValueError lists the problems."""
    name = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError([f"{name}: no such file"]) from None
    except OSError as exc:  # a folder, a file it may not read
        raise ValueError([f"{name}: cannot be read: {exc.strerror}"]) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ValueError([f"{name}: not valid YAML: {' '.join(str(exc).split())}"]) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("measures"), list):
        raise ValueError([f"{name}: (top level): needs framework and a list of measures"])
    framework = str(raw.get("framework", ""))
    try:
        pack = load_pack(framework)
    except PackError as exc:
        raise ValueError([f"{name}: framework: {exc}"]) from None
    allowed = set(targets(pack))
    named = raw.get("source_documents") or {}
    problems: list[str] = []
    if not isinstance(named, dict):
        problems.append(f"{name}: source_documents: expected a mapping of source codes to names")
        named = {}
    entries: list[dict] = []
    seen: dict[str, int] = {}
    for n, entry in enumerate(raw["measures"]):
        where = f"{name}: measures.{n}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        target = str(entry.get("target", ""))
        if target not in allowed:
            problems.append(f"{where}.target: {target!r} is not a question or OIT sub-indicator of {framework}")
            continue
        title = entry.get("title") or {}
        if not isinstance(title, dict) or not title.get("th"):
            problems.append(f"{where}.title: needs a Thai title (th)")
            continue
        if not entry.get("activities_th"):
            problems.append(f"{where}.activities_th: missing")
            continue
        sources = ", ".join(str(named.get(str(s), s)) for s in entry.get("sources", []))
        if len(sources) > SOURCES_MAX:
            problems.append(f"{where}.sources: {sources!r} is longer than {SOURCES_MAX} characters")
            continue
        seen[target] = seen.get(target, 0) + 1
        entries.append({
            "target": target,
            "key": f"{target}-{seen[target]}",
            "title_th": str(title["th"]).strip(),
            "title_en": str(title.get("en", "")).strip(),
            "sources": sources,
            "order": n,
            **{f: unwrap(str(entry.get(f) or "").strip()) for f in FIELDS},
        })
    if problems:
        raise ValueError(problems)
    return framework, entries


def shrinking(framework: str, entries: list[dict]) -> list[str]:
    """Targets for which a library file has fewer measures than the loaded library: entries are
    matched by their place per target (I1-1 is the first I1 measure), so a file holding one new I1
    measure would replace the first of the library's. A library file is its framework's whole library."""
    given: dict[str, int] = {}
    for entry in entries:
        given[entry["target"]] = given.get(entry["target"], 0) + 1
    loaded: dict[str, int] = {}
    for key in StandardMeasure.objects.filter(framework=framework).exclude(key__startswith="ui-").values_list("key", flat=True):
        target = key.rsplit("-", 1)[0]
        loaded[target] = loaded.get(target, 0) + 1
    return [f"{target}: {given.get(target, 0)} measure(s) in the file, {n} in the library"
            for target, n in sorted(loaded.items()) if given.get(target, 0) < n]


def load_library(path: Path, force: bool = False) -> LoadResult:
    """Create or update the StandardMeasure rows of one library file, all or nothing.
    Entries edited in the UI are kept unless `force`."""
    framework, entries = read_library(path)
    result = LoadResult()
    with transaction.atomic():
        existing = {m.key: m for m in StandardMeasure.objects.filter(framework=framework)}
        for entry in entries:
            row = existing.get(entry["key"])
            if row is None:
                StandardMeasure.objects.create(framework=framework, **entry)
                result.created += 1
                continue
            if row.edited_at is not None and not force:
                result.kept += 1
                continue
            changed = [k for k, v in entry.items() if getattr(row, k) != v]
            if changed or row.edited_at is not None:
                for k in changed:
                    setattr(row, k, entry[k])
                row.edited_at = None
                row.save()
                result.updated += 1
    return result


def copy_library(source: str, pack: Pack) -> int:
    """Give a new framework the measures of `source`'s library whose question or sub-indicator it
    has (with the central office's edits); how many were copied."""
    wanted = set(targets(pack))
    rows = [m for m in StandardMeasure.objects.filter(framework=source).order_by("order", "id") if m.target in wanted]
    StandardMeasure.objects.bulk_create(
        StandardMeasure(framework=pack.code, target=m.target, key=m.key, title_th=m.title_th, title_en=m.title_en,
                        sources=m.sources, order=m.order, edited_at=m.edited_at, **{f: getattr(m, f) for f in FIELDS})
        for m in rows
    )
    return len(rows)


def proposals(framework: str, pack: Pack, code: str) -> list[tuple[StandardMeasure, bool]]:
    """The library's measures for an issue code (question, OIT item or sub-indicator), each with
    whether to propose it ticked. An OIT item's measures are filed under its sub-indicator, so
    those that name the item itself (O15) come first and only they are ticked; otherwise the
    first three are."""
    entries = list(StandardMeasure.objects.filter(framework=framework, target=target_for(pack, code)))
    naming = re.compile(rf"(?<![A-Za-z0-9]){re.escape(code)}(?![0-9])")
    own = [m for m in entries if code != target_for(pack, code) and naming.search(f"{m.title_en} {m.title_th} {m.activities_th}")]
    if own:
        return [(m, True) for m in own] + [(m, False) for m in entries if m not in own]
    return [(m, n < 3) for n, m in enumerate(entries)]
