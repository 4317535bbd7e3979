#!/usr/bin/env python3
"""Writes crates/text/locales/{nl,en}/countries.ftl: every country's name by its ISO 3166-1 alpha-2 code,
from Debian's iso-codes package (4.15.0; `apt-get install iso-codes`: the JSON list and its Dutch translation,
LGPL-2.1+). The short ("common") name where there is one: "Iran", "Syrië". Overrides below where the
translation is missing or not the Dutch name; Kosovo (XK, a user-assigned code the EU and the policy files use)
is added. Run from the repository's root: python3 scripts/countries.py [ISO_CODES_ROOT]
"""
import gettext
import json
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "/"
countries = json.load(open(f"{root}/usr/share/iso-codes/json/iso_3166-1.json"))["3166-1"]
nl = gettext.GNUTranslations(open(f"{root}/usr/share/locale/nl/LC_MESSAGES/iso_3166-1.mo", "rb"))
OVERRIDES_NL = {"GE": "Georgië"}
EXTRA = {"XK": ("Kosovo", "Kosovo")}

rows = []
for c in countries:
    en = c.get("common_name") or c["name"]
    rows.append((c["alpha_2"], OVERRIDES_NL.get(c["alpha_2"], nl.gettext(en)), en))
for code, (n, e) in EXTRA.items():
    rows.append((code, n, e))
rows.sort()
head = "# Countries by ISO 3166-1 alpha-2 code, written by scripts/countries.py from Debian's iso-codes 4.15.0; do not edit by hand.\n\n"
for lang, i in (("nl", 1), ("en", 2)):
    with open(f"crates/text/locales/{lang}/countries.ftl", "w") as f:
        f.write(head)
        for r in rows:
            f.write(f"country-{r[0]} = {r[i]}\n")
print(len(rows), "countries")
