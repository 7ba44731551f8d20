"""A year's framework added by the central office: check a pack's YAML text, say what adding it
changes, keep it (audited) with a copy of an earlier framework's measure library, and take it
away again while nothing uses it.

The scoring engine knows the site's packs through `site_codes` and `site_text` (apps.py plugs
them in with `prongsai.scoring.use_site_packs`)."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from prongsai.agencies.models import AssessmentRound
from prongsai.measures.library import copy_library
from prongsai.measures.models import Plan, StandardMeasure
from prongsai.people import audit
from prongsai.reports.templatetags.prongsai import and_list
from prongsai.scoring.packs import PACK_DIR, RESERVED_CODE
from prongsai.scoring import Pack, PackError, available_packs, load_pack, load_pack_text, shipped_packs, usable_packs

from .models import SiteFramework


def site_codes() -> list[str]:
    return list(SiteFramework.objects.filter(removed_at__isnull=True).values_list("code", flat=True))


# A code's text never changes (removed frameworks keep their row): a text found is kept for the life
# of the process, not fetched (60 KB) at every load_pack of a page.
_found: dict[str, str] = {}


def site_text(code: str) -> str | None:
    if code not in _found:
        text = SiteFramework.objects.filter(code=code, removed_at__isnull=True).values_list("text", flat=True).first()
        if text is None:
            return None
        _found[code] = text
    return _found[code]


def forget() -> None:
    """Drop what this process knows of the site's packs (tests; a restore into a running process)."""
    _found.clear()


def clashes() -> list[str]:
    """Site frameworks whose code is also a shipped pack's (a database restored from elsewhere): the
    shipped one is what load_pack gives, so the page says so."""
    return sorted(set(site_codes()) & set(shipped_packs()))


def pack_text(code: str) -> str | None:
    """The YAML text of any framework, shipped or the site's own (None when unknown)."""
    if code in shipped_packs():
        return (PACK_DIR / f"{code}.yaml").read_text(encoding="utf-8")
    return site_text(code)


def default_for_years(years, packs: list[Pack]) -> dict[int, str]:
    """The framework each fiscal year's new rounds take by default among `packs` (as `pack_for_year`
    chooses: the last code that covers it)."""
    chosen: dict[int, str] = {}
    for pack in sorted(packs, key=lambda p: p.code):
        for year in pack.fiscal_years:
            if year in years:
                chosen[year] = pack.code
    return chosen


@dataclass
class Checked:
    """A pack that may be added, and what adding it would mean."""

    pack: Pack
    text: str
    shared_years: dict[int, str] = field(default_factory=dict)  # year → the framework that covers it already
    defaults: dict[int, str] = field(default_factory=dict)  # year → the framework new rounds would take
    libraries: list[tuple[str, int]] = field(default_factory=list)  # framework → its library measures that fit
    base: Pack | None = None  # the framework it follows (base_of): the one it replaces, or of the year before
    changes: list[str] = field(default_factory=list)  # how it differs from `base`, in the active language

    def tools(self) -> list[tuple]:
        """Each tool with its indicators and how many questions (or OIT items) it has."""
        pack = self.pack
        return [(t, [i for i in pack.indicators if i.tool == t.code],
                 len(pack.oit_items) if t.kind == "checklist" else len(pack.question_codes(t.code))) for t in pack.tools]

    def overlaps(self) -> list[tuple[int, str, str]]:
        """Each year another framework covers too: the year, that framework, the one new rounds take."""
        return [(year, other, self.defaults[year]) for year, other in sorted(self.shared_years.items())]


def latest_years(pack: Pack) -> tuple[int, str]:
    """The order the Frameworks page lists packs in, reversed: by their latest year, then code."""
    return max(pack.fiscal_years), pack.code


def taken_codes() -> set[str]:
    """Every framework code in use or used before (a removed site framework's code stays taken)."""
    return set(available_packs()) | set(SiteFramework.objects.values_list("code", flat=True))


def check(name: str, text: str) -> Checked:
    """Validate a pack's YAML text as a new framework; PackError names the file and the field."""
    if not text.strip():
        raise PackError(_("%(file)s: the file is empty") % {"file": name})
    pack = load_pack_text(name, text, new=True)
    if RESERVED_CODE.fullmatch(pack.code):
        raise PackError(_("%(file)s: code: %(code)s is of the form kept for the frameworks that come with Prongsai "
                          "(a later release could ship one of that code); give the site's own another, e.g. %(code)s-bkk")
                        % {"file": name, "code": pack.code})
    if pack.code in taken_codes():
        raise PackError(_("%(file)s: code: framework %(code)s exists already (or did: a code is never used twice); a "
                          "changed framework needs a code of its own (for example, the fiscal year in it)")
                        % {"file": name, "code": pack.code})
    others = usable_packs()  # read once for all that follows
    shared: dict[int, str] = {}
    for other in others:
        for year in other.fiscal_years:
            if year in pack.fiscal_years:
                shared[year] = other.code
    base = base_of(pack, others)
    libraries = library_candidates(pack)
    if base is not None:  # the library of the framework it follows first
        libraries.sort(key=lambda fn: fn[0] != base.code)
    changes = differences(pack, base) if base else []
    named = sorted({int(y) for y in re.findall(r"(?<!\d)(2[4-8]\d\d)(?!\d)", f"{pack.name.th} {pack.name.en}")} - set(pack.fiscal_years))
    if named:  # a copied pack whose name still says the old years
        changes.insert(0, _("Its name mentions fiscal years %(named)s, but it covers %(years)s: correct the name?")
                       % {"named": and_list(named), "years": and_list(pack.fiscal_years)})
    untitled = [q.code for q in pack.questions if "\n" in q.text.th.strip() and q.title is None]
    if untitled:  # the documents and lists would print every line (E3's six service lines)
        changes.insert(0, _("%(codes)s: its text is several lines and it has no title, so the plan and the reports "
                            "print every line: give it a title, its name in one line?") % {"codes": and_list(untitled)})
    return Checked(pack, text, shared, default_for_years(set(pack.fiscal_years), [*others, pack]), libraries, base, changes)


def _span(years: list[int], offset: int = 0) -> str:
    low, high = min(years) - offset, max(years) - offset
    return f"{low}-{high}" if high != low else str(low)


def carried_names(base: Pack, years: list[int]) -> tuple[str, str]:
    """The base framework's Thai and English names with its years changed to `years` (the Buddhist-era
    span, and the Christian-era span the English name may give in brackets); where a name does not
    spell the years that way, it is returned as it is, and the check says it names other years."""
    th, en = base.name.th, base.name.en
    old, new = _span(base.fiscal_years), _span(years)
    old_ce, new_ce = _span(base.fiscal_years, 543), _span(years, 543)
    en = en.replace(old, new).replace(old_ce, new_ce)
    if len(set(years)) == 1:
        en = en.replace(f"fiscal years {new}", f"fiscal year {new}")
    return th.replace(old, new), en


def carried_forward(base_code: str, code: str, years: list[int], name_th: str, name_en: str) -> str:
    """The YAML text of a framework that is `base_code` again for other fiscal years: the same tools,
    weights, questions, items and levels under its own code, years and names. (Written out by the
    YAML library: the base's comments do not come along; the text is checked like an upload.)"""
    import yaml

    data = yaml.safe_load(pack_text(base_code))
    data.update(code=code, fiscal_years=sorted(years), name={**data["name"], "th": name_th, "en": name_en})
    data["notes"] = [*(data.get("notes") or []),
                     f"Carried forward from {base_code} for fiscal years {', '.join(map(str, sorted(years)))}, unchanged otherwise."]
    header = f"# Framework pack {code}: {base_code} carried forward to fiscal years {', '.join(map(str, sorted(years)))}.\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def base_of(pack: Pack, packs: list[Pack]) -> Pack | None:
    """The framework among `packs` a new one follows: the one it replaces for its first year, when one
    covers it (the last code, as pack_for_year picks), else the one covering the latest year before
    it (else the one covering the latest year of all)."""
    first = min(pack.fiscal_years)
    covering = [p for p in packs if first in p.fiscal_years and p.code != pack.code]
    if covering:  # a tester's copy of bma-district-2567 for 2567–2568 was compared with 2566's, all "changed"
        return max(covering, key=lambda p: p.code)
    earlier = [((max(y for y in p.fiscal_years if y < first), p.code), p) for p in packs if min(p.fiscal_years) < first]
    latest = earlier or [((max(p.fiscal_years), p.code), p) for p in packs]
    return max(latest, key=lambda year_code_pack: year_code_pack[0])[1] if latest else None


def differences(new: Pack, old: Pack) -> list[str]:
    """What scores differently or reads differently in `new` than in `old`, one line each."""
    lines: list[str] = []

    def codes(items) -> str:
        return ", ".join(items)

    def compare(kind: str, old_items: dict, new_items: dict, same) -> None:
        added = [c for c in new_items if c not in old_items]
        removed = [c for c in old_items if c not in new_items]
        changed = [c for c in new_items if c in old_items and not same(old_items[c], new_items[c])]
        for label, found in ((_("%(kind)s added: %(codes)s"), added), (_("%(kind)s removed: %(codes)s"), removed),
                             (_("%(kind)s changed: %(codes)s"), changed)):
            if found:
                lines.append(label % {"kind": kind, "codes": codes(found)})

    old_tools, new_tools = {t.code: t for t in old.tools}, {t.code: t for t in new.tools}
    for code, tool in new_tools.items():
        if code in old_tools and old_tools[code].weight != tool.weight:
            lines.append(_("%(tool)s weight: %(old)s%% → %(new)s%%") % {"tool": code, "old": old_tools[code].weight, "new": tool.weight})
    compare(_("Tools"), old_tools, new_tools, lambda a, b: a.kind == b.kind)
    compare(_("Indicators"), {i.code: i for i in old.indicators}, {i.code: i for i in new.indicators},
            lambda a, b: (a.tool, a.questions, a.subindicators, a.name.th) == (b.tool, b.questions, b.subindicators, b.name.th))
    compare(_("Sub-indicators (items or points)"), {s.code: s for s in old.subindicators}, {s.code: s for s in new.subindicators},
            lambda a, b: (a.items, a.points, a.name.th) == (b.items, b.points, b.name.th))
    compare(_("Questions (text, title, scale or polarity)"), {q.code: q for q in old.questions}, {q.code: q for q in new.questions},
            lambda a, b: (a.tool, a.text.th, a.label.th, a.scale, a.polarity, old.points(a))
            == (b.tool, b.text.th, b.label.th, b.scale, b.polarity, new.points(b)))
    compare(_("OIT items"), {i.code: i for i in old.oit_items}, {i.code: i for i in new.oit_items},
            lambda a, b: (a.name.th, a.description and a.description.th, a.current_year) == (b.name.th, b.description and b.description.th, b.current_year))
    lines += _level_differences(old, new)
    return lines


def _level_differences(old: Pack, new: Pack) -> list[str]:
    """The levels by name with their thresholds (ต้องปรับปรุง: ITA ≥ 70 → ≥ 75), not their codes."""
    from django.utils.translation import get_language

    language = get_language() or "th"

    def rule(lv) -> str:
        every = "" if lv.every_tool_at_least is None else _(", every tool ≥ %(n)s") % {"n": lv.every_tool_at_least}
        return f"ITA ≥ {lv.min_ita}{every}"

    before, after = {lv.code: lv for lv in old.levels}, {lv.code: lv for lv in new.levels}
    lines = []
    for code, lv in after.items():
        was = before.get(code)
        if was is None:
            lines.append(_("Level added: %(name)s (%(rule)s)") % {"name": lv.name.get(language), "rule": rule(lv)})
        elif (was.min_ita, was.every_tool_at_least, was.name.th) != (lv.min_ita, lv.every_tool_at_least, lv.name.th):
            lines.append(_("Level %(name)s: %(old)s → %(new)s") % {
                "name": lv.name.get(language), "old": f"{was.name.get(language)} ({rule(was)})" if was.name.th != lv.name.th else rule(was),
                "new": rule(lv)})
    lines += [_("Level removed: %(name)s (%(rule)s)") % {"name": lv.name.get(language), "rule": rule(lv)}
              for code, lv in before.items() if code not in after]
    return lines


def library_candidates(pack: Pack) -> list[tuple[str, int]]:
    """Frameworks with a measure library, each with how many of its measures fit `pack` (their
    question or sub-indicator is in it), most fitting first."""
    from prongsai.measures.library import targets

    wanted = set(targets(pack))
    rows = StandardMeasure.objects.filter(target__in=wanted).values("framework").annotate(n=Count("id"))
    return sorted(((r["framework"], r["n"]) for r in rows), key=lambda fn: (-fn[1], fn[0]))


def add(name: str, text: str, user=None, library_from: str | None = None) -> tuple[SiteFramework, int]:
    """Keep a new framework, checked again, and copy `library_from`'s fitting library measures;
    all or nothing. The framework and the number of measures copied."""
    text = normalised(text)
    checked = check(name, text)
    if library_from and library_from not in available_packs():
        raise PackError(_("unknown framework %(code)s; known frameworks: %(known)s")
                        % {"code": library_from, "known": ", ".join(available_packs())})
    if library_from and library_from not in dict(checked.libraries):
        known = ", ".join(code for code, _n in checked.libraries) or "none"
        raise PackError(_("Framework %(code)s has no library measures that fit; frameworks that do: %(known)s")
                        % {"code": library_from, "known": known})
    try:
        with transaction.atomic():
            framework = SiteFramework.objects.create(code=checked.pack.code, text=text, added_by=user)
            audit.record(user, audit.CREATE, framework, after=_summary(checked.pack, text))
            copied = copy_library(library_from, checked.pack) if library_from else 0
    except IntegrityError:  # the same code added at the same moment by someone else
        raise PackError(_("%(file)s: code: framework %(code)s exists already (or did: a code is never used twice); a "
                          "changed framework needs a code of its own (for example, the fiscal year in it)")
                        % {"file": name, "code": checked.pack.code}) from None
    return framework, copied


def added_already(text: str) -> SiteFramework | None:
    """The site framework stored with exactly this text (its code in it), if any."""
    return SiteFramework.objects.filter(text=normalised(text), removed_at__isnull=True).first()


def normalised(text: str) -> str:
    """A pack's text with its line ends as \n: the check page posts it back through a browser, which
    sends CRLF; the stored text and its SHA-256 must be the same whichever way it came."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _summary_of(framework: SiteFramework) -> dict:
    try:
        return _summary(load_pack_text(f"{framework.code}.yaml", framework.text), framework.text)
    except PackError:  # no longer loads: its code and text's hash say which it was
        return {"code": framework.code, "sha256": hashlib.sha256(framework.text.encode()).hexdigest()}


def _summary(pack: Pack, text: str) -> dict:
    """What the audit log keeps of a framework: not its whole text, but enough to know it again."""
    return {"code": pack.code, "name": pack.name.th, "fiscal_years": pack.fiscal_years,
            "sha256": hashlib.sha256(text.encode()).hexdigest()}


def in_use(code: str) -> list[str]:
    """Why a framework cannot be taken away (in the active language): rounds scored by it, and
    plans without a source round of the years it covers (their framework is the year's)."""
    reasons = []
    rounds = AssessmentRound.objects.filter(framework=code).count()
    if rounds:
        reasons.append(ngettext("%(n)d assessment round uses it", "%(n)d assessment rounds use it", rounds) % {"n": rounds})
    try:
        years = load_pack(code).fiscal_years
    except PackError:  # a pack that no longer loads covers no year
        years = []
    plans = Plan.objects.filter(fiscal_year__in=years, source_round__isnull=True).count()
    if plans:
        reasons.append(ngettext("%(n)d plan of a year it covers has no source round", "%(n)d plans of years it covers have no source round",
                                plans) % {"n": plans})
    return reasons


def remove(framework: SiteFramework, user=None) -> None:
    """Take a site framework away with its measure library, while nothing uses it (audited). Its row
    stays, marked removed, so the code is never given to another text."""
    with transaction.atomic():
        framework = SiteFramework.objects.select_for_update().get(pk=framework.pk)  # one removal at a time
        reasons = in_use(framework.code)
        if reasons:
            raise PackError(_("Framework %(code)s is in use: %(reasons)s.") % {"code": framework.code, "reasons": "; ".join(reasons)})
        StandardMeasure.objects.filter(framework=framework.code).delete()
        framework.removed_at = timezone.now()
        framework.save(update_fields=["removed_at"])
        audit.record(user, audit.DELETE, framework, before=_summary_of(framework))
    _found.pop(framework.code, None)
