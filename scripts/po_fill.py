"""Fill empty Thai msgstr entries of a .po file from a JSON map {msgid: Thai} (a dev aid).

usage: python scripts/po_fill.py path/to/django.po translations.json
Lists the msgids still untranslated afterwards; exits 1 when any remain.
"""
import json
import re
import sys

ENTRY = re.compile(r'(msgid ((?:"(?:[^"\\]|\\.)*"\s*)+)msgstr )""\n(?!")', re.M)


def unquote(block: str) -> str:
    return "".join(json.loads(part) for part in re.findall(r'"(?:[^"\\]|\\.)*"', block))


def main(po_path: str, map_path: str) -> int:
    text = open(po_path, encoding="utf-8").read()
    mapping = json.load(open(map_path, encoding="utf-8"))
    missing = []

    def fill(match):
        msgid = unquote(match.group(2))
        if msgid == "":
            return match.group(0)
        if msgid in mapping:
            return match.group(1) + json.dumps(mapping[msgid], ensure_ascii=False) + "\n"
        missing.append(msgid)
        return match.group(0)

    text = ENTRY.sub(fill, text)
    text = text.replace("#, fuzzy\n", "", 1)
    open(po_path, "w", encoding="utf-8").write(text)
    for m in missing:
        print(f"untranslated: {m!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
