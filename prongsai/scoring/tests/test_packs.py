"""Framework packs are data, validated on load; a broken pack names the file and the field."""
import re
from decimal import Decimal

import pytest
import yaml

from prongsai.scoring import PackError, available_packs, load_pack, load_pack_file, pack_for_year
from prongsai.scoring.packs import PACK_DIR, load_pack_text

from .fixture import laksi


def test_the_shipped_packs_load():
    assert {"bma-district-2566", "bma-district-2567"} <= set(available_packs())
    for code in available_packs():
        assert load_pack(code).code == code
        # and pass what a framework being added must: no field given twice, no year listed twice
        assert load_pack_text(f"{code}.yaml", (PACK_DIR / f"{code}.yaml").read_text(encoding="utf-8"), new=True).code == code


def test_2567_pack_matches_the_fixture_structure():
    pack, doc = load_pack("bma-district-2567"), laksi()
    structure = doc["structure"]
    assert {t.code: t.weight for t in pack.tools} == {t["code"]: t["weight_percent"] for t in structure["tools"]}
    for ind in structure["indicators"]:
        mine = next(i for i in pack.indicators if i.code == ind["code"])
        assert (mine.name.th, mine.tool) == (ind["name_th"], ind["tool"])
        assert mine.questions == ind.get("items", []) and mine.subindicators == ind.get("subindicators", [])
    for sub in structure["subindicators"]:
        mine = next(s for s in pack.subindicators if s.code == sub["code"])
        assert (mine.items, mine.points) == (sub["items"], Decimal(sub["oit_points"]))
    for tool in ("IIT", "EIT"):
        for q in doc["questions"][tool]:
            mine = pack.question(q["code"])
            assert (mine.scale, mine.polarity) == (q["scale"], q["polarity"])
            assert [o.th for o in pack.scales[mine.scale].options] == q["options_th"]
    assert [lv.name.th for lv in pack.levels] == [lv["name_th"] for lv in structure["levels"]]
    assert [(lv.min_ita, lv.every_tool_at_least) for lv in pack.levels] == [
        (Decimal(str(lv["min_ita"])), None if lv["every_tool_at_least"] is None else Decimal(str(lv["every_tool_at_least"])))
        for lv in structure["levels"]
    ]
    assert pack.item_codes() == [i["code"] for i in doc["questions"]["OIT"]]
    for tool in ("IIT", "EIT"):
        assert pack.languages[tool][:2] == ["th", "en"]
    for q in pack.questions:
        if q.tool == "EIT":
            assert q.text.zh and q.text.my, q.code


def test_2566_pack_has_30_oit_items_and_says_how_points_were_set():
    pack = load_pack("bma-district-2566")
    assert pack.item_codes() == [f"O{n}" for n in range(1, 31)]
    assert sum(s.points for s in pack.subindicators) == 100
    assert pack.notes


def test_pack_for_year():
    assert pack_for_year(2568).code == "bma-district-2567"
    assert pack_for_year(2566).code == "bma-district-2566"
    with pytest.raises(PackError, match="no framework pack covers fiscal year 2550"):
        pack_for_year(2550)


def broken(tmp_path, change) -> str:
    raw = yaml.safe_load((PACK_DIR / "bma-district-2567.yaml").read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "bma-district-2567.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PackError) as error:
        load_pack_file(path)
    return re.sub(r" \(line \d+\)$", "", str(error.value), flags=re.M)  # (the lines: their own test)


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda p: p["questions"][3].update(scale="likert7"), "bma-district-2567.yaml: questions.I4.scale: unknown scale 'likert7'"),
        (lambda p: p["tools"][0].update(weight=35), "bma-district-2567.yaml: tools: the weights sum to 105, not 100"),
        (lambda p: p["tools"][0].pop("kind"), "bma-district-2567.yaml: tools.IIT.kind: missing (a required field)"),
        (lambda p: p["tools"][1].update(kind="form"), "bma-district-2567.yaml: tools.EIT.kind: must be one of 'checklist', 'survey'"),
        (lambda p: p["tools"][1].update(weight=0), "bma-district-2567.yaml: tools.EIT.weight: must be more than 0"),
        (lambda p: p["tools"][1].update(weight="thirty"), "bma-district-2567.yaml: tools.EIT.weight: must be a number"),
        (lambda p: p["levels"][0].update(min_ita=101), "bma-district-2567.yaml: levels.excellent.min_ita: must be 100 or less"),
        (lambda p: p["levels"][-1].update(min_ita=-1), "bma-district-2567.yaml: levels.urgent.min_ita: must be 0 or more"),
        (lambda p: p["tools"][1]["name"].update(th=""), "bma-district-2567.yaml: tools.EIT.name.th: must not be empty"),
        (lambda p: p["questions"][0].update(colour="red"), "bma-district-2567.yaml: questions.I1.colour: not a field of a pack (a misspelt name?)"),
        (lambda p: p.update(fiscal_years=["two"]), "bma-district-2567.yaml: fiscal_years.#1: must be a whole number"),
        (lambda p: p.update(indicators=[]), "bma-district-2567.yaml: indicators: needs at least 1 entries"),
        (lambda p: p["languages"].update(XIT=["th"]), "bma-district-2567.yaml: languages.XIT: must be one of 'EIT', 'IIT', 'OIT'"),
        (lambda p: p["scales"]["likert6"]["points"].__setitem__(0, "low"), "bma-district-2567.yaml: scales.likert6.points.#1: must be a number"),
        (lambda p: p["tools"][1].update(weight=float("nan")), "bma-district-2567.yaml: tools.EIT.weight: must be a number"),
        (lambda p: p["levels"][0].update(every_tool_at_least=float("inf")),
         "bma-district-2567.yaml: levels.excellent.every_tool_at_least: must be a number"),
        (lambda p: p["scales"]["likert6"]["points"].__setitem__(0, float("nan")), "bma-district-2567.yaml: scales.likert6: point NaN is outside 0-100"),
        (lambda p: p["tools"][1].update(kind=5), "bma-district-2567.yaml: tools.EIT.kind: must be one of 'checklist', 'survey'"),
        (lambda p: p["oit_items"][0].update(code="X1"), "bma-district-2567.yaml: oit_items.X1.code: must match the pattern ^O[0-9]+$"),
        (lambda p: p["subindicators"][0].update(points=25), "bma-district-2567.yaml: subindicators: the points sum to 105, not 100"),
        (lambda p: p["indicators"][0]["questions"].append("I99"), "bma-district-2567.yaml: indicators.1.questions: unknown question 'I99'"),
        (lambda p: p["indicators"][0]["questions"].remove("I1"), "bma-district-2567.yaml: questions: I1 belongs to no indicator"),
        (lambda p: p["scales"]["likert6"]["points"].pop(), "bma-district-2567.yaml: scales.likert6: 5 points but 6 options"),
        (lambda p: p.update(fiscal_years=[2024]), "bma-district-2567.yaml: fiscal_years: 2024 is not a Buddhist-era fiscal year (e.g. 2567)"),
        (lambda p: p["levels"].reverse(), "bma-district-2567.yaml: levels.excellent.min_ita: levels are listed best first"),
        (lambda p: p.update(code="other"), "bma-district-2567.yaml: code: 'other' does not match the file name"),
    ],
)
def test_a_broken_pack_names_the_file_and_the_field(tmp_path, change, expected):
    assert expected in broken(tmp_path, change).splitlines()


def test_a_broken_pack_names_every_broken_entry_at_once(tmp_path):
    """One problem per broken entry of each section, not only the file's first (the validator stops at one)."""
    def change(p):
        p["tools"][1].update(weight=0)
        p["tools"][2].pop("kind")
        p["questions"][0].update(polarity="up")
        p["questions"][5].update(tool="XIT")
        p["scales"]["likert6"]["points"].pop()
        p.update(colour="red", fiscal_years=[2024])

    assert broken(tmp_path, change).splitlines() == [
        "bma-district-2567.yaml: colour: not a field of a pack (a misspelt name?)",
        "bma-district-2567.yaml: tools.EIT.weight: must be more than 0",
        "bma-district-2567.yaml: tools.OIT.kind: missing (a required field)",
        "bma-district-2567.yaml: scales.likert6: 5 points but 6 options",
        "bma-district-2567.yaml: questions.I1.polarity: must be one of 'higher_is_better', 'lower_is_better', 'no_is_better', 'yes_is_better'",
        "bma-district-2567.yaml: questions.I6.tool: must be one of 'EIT', 'IIT', 'OIT'",
        "bma-district-2567.yaml: fiscal_years: 2024 is not a Buddhist-era fiscal year (e.g. 2567)",
    ]


def test_each_problem_names_its_line_and_a_field_given_twice_is_refused(tmp_path):
    """A path (subindicators.9.3.points) cannot be searched for in an 840-line file: each problem gives
    its line too; a field given twice, which YAML readers let the last win silently, is refused."""
    lines = (PACK_DIR / "bma-district-2567.yaml").read_text(encoding="utf-8").splitlines()
    weight = lines.index("  weight: 40")  # the OIT tool's
    lines[weight] = "  weight: 0"
    i2 = lines.index("- code: I2")
    assert lines[i2 + 1] == "  tool: IIT"
    lines.insert(i2 + 2, "  tool: EIT")
    lines[lines.index("fiscal_years: [2567, 2568]")] = "fiscal_years: [2567, 2568, 2567]"
    text = "\n".join(lines) + "\n"
    with pytest.raises(PackError) as error:
        load_pack_text("bma-district-2567.yaml", text, new=True)
    assert str(error.value).splitlines() == [
        f"bma-district-2567.yaml: questions.I2.tool: given twice, on lines {i2 + 2}, {i2 + 3}",
        f"bma-district-2567.yaml: fiscal_years: 2567 is listed twice (line {lines.index('fiscal_years: [2567, 2568, 2567]') + 1})",
        f"bma-district-2567.yaml: tools.OIT.weight: must be more than 0 (line {weight + 1})",
    ]
    # a framework kept before these were refused still loads (its rounds use it)
    lines[weight], lines[i2 + 2] = "  weight: 40", "  tool: IIT"
    assert load_pack_text("bma-district-2567.yaml", "\n".join(lines) + "\n").fiscal_years == [2567, 2568, 2567]


def test_yaml_merge_keys_override_and_aliases_are_read_once(tmp_path):
    """`<<:` merges a mapping in, its fields overridden on purpose (not "given twice"); an alias of
    itself or aliases of aliases are read once, not followed forever (a reviewer's)."""
    text = (PACK_DIR / "bma-district-2567.yaml").read_text(encoding="utf-8")
    i1, i2 = text.index("- code: I1\n"), text.index("- code: I2\n")
    merged = text[:i1] + "- &first\n  code: I1\n" + text[i1 + len("- code: I1\n"):i2] + "- <<: *first\n  code: I2\n" + text[i2 + len("- code: I2\n"):]
    assert load_pack_text("bma-district-2567.yaml", merged, new=True).question("I2").tool == "IIT"
    bomb = text + "lol0: &a [x, x]\n" + "".join(f"lol{n}: &a{n} [{', '.join(['*a' if n == 1 else f'*a{n - 1}'] * 10)}]\n" for n in range(1, 8))
    with pytest.raises(PackError) as error:
        load_pack_text("bma-district-2567.yaml", bomb, new=True)
    assert "lol0: not a field of a pack" in str(error.value)


def test_not_yaml(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("code: [unclosed", encoding="utf-8")
    with pytest.raises(PackError, match="x.yaml: not valid YAML"):
        load_pack_file(path)
