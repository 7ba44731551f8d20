"""The demo's agencies: the 50 district offices of Bangkok (`agencies.bangkok.DISTRICTS`).

Agency codes follow the BMA style of Lak Si's real code 101041: "10" + the district geocode.
"""

from prongsai.agencies.bangkok import DISTRICTS


LAK_SI = "101041"


def district_offices() -> list[tuple[str, str, str]]:
    """(code, Thai name, English name) of the 50 district offices."""
    return [(f"10{1000 + n:04d}", f"สำนักงานเขต{th}", f"{en} District Office")
            for n, (th, en) in enumerate(DISTRICTS, start=1)]
