"""The baseline: ITA scores with pandas, written the way an analyst would write them.

    python bench/baseline_pandas.py R.csv O.csv OUT.csv

Reads R.csv and O.csv, scores every agency (questions, indicators, tools, weighted parts,
ITA, level) and writes one row per agency. Floats and round() as an analyst would use them —
so at a true half-cent tie it can differ from the exact engine by 0.01; bench/run.py counts
those. Kept only as the yardstick for `make bench`; it is not part of Prongsai.
"""
import sys
import time

import pandas as pd

IIT = [f"I{i}" for i in range(1, 13)]
EIT = [f"E{i}" for i in range(1, 7)]
LOWER_IS_BETTER = {"I5", "I7", "I8", "I9", "I10"}
YES_NO = {"I3", "I6", "E3"}
INDICATORS = {
    "1": ["I1", "I2", "I3"], "2": ["I4", "I5", "I6"], "3": ["I7", "I8", "I9"], "4": ["I10"],
    "5": ["I11", "I12"], "6": ["E1", "E2", "E3"], "7": ["E4"], "8": ["E5", "E6"],
}
SUBS = {
    "9.1": (20, ["O1", "O2", "O3", "O4"]), "9.2": (30, [f"O{i}" for i in range(5, 13)]),
    "9.3": (15, ["O13", "O14", "O15"]), "9.4": (5, ["O16"]), "9.5": (5, ["O17"]),
    "10.1": (20, ["O18", "O19", "O20", "O21"]), "10.2": (5, ["O22"]),
}


def points(question, option):
    if question in YES_NO:
        return 100.0 if option == 2 else 0.0
    value = (option - 1) * 20.0
    return 100.0 - value if question in LOWER_IS_BETTER else value


def main(r_path, o_path, out_path):
    r = pd.read_csv(r_path, dtype={"agency_code": str})
    o = pd.read_csv(o_path, dtype={"agency_code": str})

    # question scores: melt to one answer per row, map options to points, mean per agency × question
    long = r.melt(id_vars=["agency_code"], value_vars=IIT + EIT, var_name="question", value_name="option")
    long = long.dropna(subset=["option"])
    table = pd.DataFrame(
        [(q, float(opt), points(q, opt)) for q in IIT + EIT for opt in range(1, 7)], columns=["question", "option", "points"]
    )
    long = long.merge(table, on=["question", "option"], how="left")
    questions = long.pivot_table(index="agency_code", columns="question", values="points", aggfunc="mean")
    answered = long.groupby(["agency_code", "question"]).size().unstack()
    respondents = r.groupby(["agency_code", "tool"]).size().unstack()

    scores = pd.DataFrame(index=sorted(set(r["agency_code"]) | set(o["agency_code"])))
    scores = scores.join(questions)
    for code, qs in INDICATORS.items():
        scores[f"ind{code}"] = scores[qs].mean(axis=1, skipna=False)
    scores["IIT"] = scores[IIT].mean(axis=1, skipna=False)
    scores["EIT"] = scores[EIT].mean(axis=1, skipna=False)

    # OIT: pass = 100, fail = 0; sub-indicator = mean of items; OIT = Σ sub × points / 100
    o["value"] = o["result"].map({"pass": 100.0, "fail": 0.0})
    items = o.pivot_table(index="agency_code", columns="item", values="value", aggfunc="first")
    items = items.reindex(columns=[f"O{i}" for i in range(1, 23)]).fillna(0)
    scores = scores.join(items)
    scores["OIT"] = 0.0
    for code, (weight, its) in SUBS.items():
        scores[f"ind{code}"] = scores[its].mean(axis=1)
        scores["OIT"] += scores[f"ind{code}"] * weight / 100
    scores["ind9"] = sum(scores[f"ind{c}"] * SUBS[c][0] for c in ("9.1", "9.2", "9.3", "9.4", "9.5")) / 75
    scores["ind10"] = sum(scores[f"ind{c}"] * SUBS[c][0] for c in ("10.1", "10.2")) / 25

    for tool, weight in (("IIT", 0.30), ("EIT", 0.30), ("OIT", 0.40)):
        scores[tool] = scores[tool].round(2)
        scores[f"{tool}_weighted"] = (scores[tool] * weight).round(2)
    scores["ITA"] = scores["IIT_weighted"] + scores["EIT_weighted"] + scores["OIT_weighted"]
    tools = scores[["IIT", "EIT", "OIT"]]
    scores["level"] = "ต้องปรับปรุงโดยด่วน"
    scores.loc[scores["ITA"] >= 70, "level"] = "ต้องปรับปรุง"
    scores.loc[scores["ITA"] >= 85, "level"] = "ผ่าน"
    scores.loc[(scores["ITA"] >= 85) & (tools.min(axis=1) >= 85), "level"] = "ผ่านดี"
    scores.loc[(scores["ITA"] >= 95) & (tools.min(axis=1) >= 95), "level"] = "ผ่านดีเยี่ยม"
    scores.loc[scores["ITA"].isna(), "level"] = None
    scores = scores.join(answered.add_prefix("n_")).join(respondents.add_prefix("respondents_"))
    scores.round(2).to_csv(out_path, index_label="agency_code")


if __name__ == "__main__":
    started = time.perf_counter()
    main(*sys.argv[1:4])
    print(f"{time.perf_counter() - started:.3f}")  # in-process seconds, for bench/run.py
