"""The golden fixture: the published Lak Si 2567 report, read from ../shared (or the
identical copy shipped as demo data when ../shared is not beside the checkout)."""
import json
import os
from fractions import Fraction
from pathlib import Path

from prongsai.scoring import AgencyInput

ROOT = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("PRONGSAI_SHARED", ROOT.parent / "shared"))
SHARED_FIXTURE = SHARED / "fixtures" / "laksi-2567.json"
DEMO_COPY = ROOT / "prongsai" / "demo" / "data" / "laksi-2567.json"
FIXTURE_PATH = SHARED_FIXTURE if SHARED_FIXTURE.exists() else DEMO_COPY


def laksi() -> dict:
    return json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))


def laksi_input(with_published_eit: bool = True) -> AgencyInput:
    """The engine input the issue names: option counts, OIT results, published EIT scores."""
    doc = laksi()
    data = AgencyInput(doc["agency"]["code"])
    for tool in ("IIT", "EIT"):
        for q in doc["questions"][tool]:
            data.counts[q["code"]] = q["counts"]
            if tool == "EIT" and with_published_eit:
                data.published[q["code"]] = Fraction(str(q["published_score"]))
    for item in doc["questions"]["OIT"]:
        data.oit[item["code"]] = Fraction(str(item["published_score"]))
    return data
