"""Writing the documented input files from the golden fixture, for command tests."""
import csv
from pathlib import Path

from prongsai.scoring.tests.fixture import laksi

IIT = [f"I{n}" for n in range(1, 13)]
EIT = [f"E{n}" for n in range(1, 7)]


def expand(counts: list[int]) -> list[int]:
    """Option counts to one option per respondent (1-based), in option order."""
    return [option for option, n in enumerate(counts, 1) for _ in range(n)]


def laksi_rows(agency: str | None = None) -> list[dict[str, str]]:
    """One R.csv row per questionnaire, rebuilt from the fixture's option counts."""
    doc = laksi()
    code = agency or doc["agency"]["code"]
    rows = []
    for tool, columns in (("IIT", IIT), ("EIT", EIT)):
        per_question = {q["code"]: expand(q["counts"]) for q in doc["questions"][tool]}
        n = max(len(v) for v in per_question.values())
        for i in range(n):
            row = {"agency_code": code, "tool": tool}
            for column in IIT + EIT:
                answers = per_question.get(column, [])
                row[column] = str(answers[i]) if column in columns and i < len(answers) else ""
            rows.append(row)
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], header: list[str] | None = None, bom: bool = False) -> Path:
    header = header or list(rows[0])
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        writer = csv.DictWriter(f, header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def laksi_files(tmp: Path, agency: str | None = None) -> dict[str, Path]:
    doc = laksi()
    code = agency or doc["agency"]["code"]
    responses = write_csv(tmp / "R.csv", laksi_rows(code), ["agency_code", "tool", *IIT, *EIT], bom=True)
    oit = write_csv(
        tmp / "O.csv",
        [{"agency_code": code, "item": i["code"], "result": "pass" if i["published_score"] == 100 else "fail"}
         for i in doc["questions"]["OIT"]],
    )
    scores = write_csv(
        tmp / "Q.csv",
        [{"agency_code": code, "question": q["code"], "score": str(q["published_score"])} for q in doc["questions"]["EIT"]],
    )
    return {"responses": responses, "oit": oit, "question_scores": scores}
