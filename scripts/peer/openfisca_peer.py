"""The OpenFisca reference peer, measured in the same run as terugkeer (scripts/peer/run.sh).

It computes what terugkeer's batch path computes — eligibility (the eight thresholds of 2016, with the Bijlage 4
exclusion list and the Dublin-only list) and the departure deadline (rejection or final judgment + 28 days;
none while an appeal is pending) — for the cases `terugkeer generate` makes, read from JSON lines (reading is not
timed). OpenFisca has no Algemene termijnenwet and no citations; the peer does what it can do.

Usage: python openfisca_peer.py CASES.jsonl AS_OF [--one-at-a-time N]
Prints one line per measurement: mode, n, seconds, cases per second, peak RSS.
"""

import json
import resource
import sys
import time

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.parameters import ParameterNode
from openfisca_core.periods import DAY, ETERNITY
from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

EXCLUDED = "AL AD AG AR AU BS BB BE BA BR BN BG CA CL CO CR CY DK DM DE SV EE FI FR GE GD GR GL GT HN HK HU IE IS IL IT JP KI XK HR LV LI LT LU MO MK MY MT MU MX FM MD MC ME NZ NO NI UA TL AT PW PA PY PE PL PT RO KN LC VC SB WS SM SC RS SG SI SK ES TW TO TT CZ TV UY VU VA AE US VE GB BY KR SE CH".split()
DUBLIN_ONLY = ["MN", "RU"]


def code_index(c):
    return (ord(c[0]) - 65) * 26 + (ord(c[1]) - 65)


Person = build_entity(key="person", plural="persons", label="Person", is_person=True)


def bool_input(name):
    return type(name, (Variable,), {"value_type": bool, "entity": Person, "definition_period": ETERNITY, "label": name})


INPUTS = ["asylum_rejected", "procedure_pending", "dublin_claimant", "criminal_record", "heavy_entry_ban",
          "article_1f", "supported_recently", "currently_participating", "appeal_pending", "has_term"]


class country_index(Variable):
    value_type = int
    entity = Person
    definition_period = ETERNITY
    label = "country as an index 0..675"


class term_start(Variable):
    value_type = "date"
    entity = Person
    definition_period = ETERNITY
    label = "start of the departure term"


class eligible(Variable):
    value_type = bool
    entity = Person
    definition_period = DAY
    label = "may join a subsidised return project"

    def formula(person, period, parameters):
        p = parameters(period).terugkeer
        c = person("country_index", period)
        excluded = np.isin(c, np.array(p.excluded)) | (np.isin(c, np.array(p.dublin_only)) & person("dublin_claimant", period))
        return (person("asylum_rejected", period) & ~person("procedure_pending", period) & ~excluded
                & ~person("criminal_record", period) & ~person("heavy_entry_ban", period) & ~person("article_1f", period)
                & ~person("supported_recently", period) & ~person("currently_participating", period))


class departure_deadline(Variable):
    value_type = "date"
    entity = Person
    definition_period = DAY
    label = "last day of the departure term (1970-01-01: none)"

    def formula(person, period, parameters):
        days = parameters(period).terugkeer.departure_term_days
        start = person("term_start", period)
        return np.where(person("has_term", period), start + np.timedelta64(int(days), "D"), np.datetime64("1970-01-01"))


def system():
    import datetime
    for cls in (country_index, term_start, eligible, departure_deadline):
        if cls.value_type == "date":
            cls.value_type = datetime.date
    tbs = TaxBenefitSystem([Person])
    for name in INPUTS:
        tbs.add_variable(bool_input(name))
    for cls in (country_index, term_start, eligible, departure_deadline):
        tbs.add_variable(cls)
    tbs.parameters = ParameterNode("", data={"terugkeer": {
        "departure_term_days": {"values": {"2016-03-23": {"value": 28}}},
        "excluded": {"values": {"2016-03-23": {"value": [code_index(c) for c in EXCLUDED]}}},
        "dublin_only": {"values": {"2016-03-23": {"value": [code_index(c) for c in DUBLIN_ONLY]}}},
    }})
    return tbs


def load(path, as_of):
    """Reads the generated cases into arrays (terugkeer's contract fields reduced to the peer's inputs)."""
    cols = {k: [] for k in INPUTS}
    cols["country_index"], cols["term_start"] = [], []
    cutoff = np.datetime64(as_of) - np.timedelta64(5 * 365 + 1, "D")
    with open(path) as f:
        for line in f:
            c = json.loads(line)
            rej = c.get("asylum_rejected_on")
            ap = c.get("appeal")
            pending = ap is not None and ap.get("finally_rejected_on") is None
            start = (ap or {}).get("finally_rejected_on") if ap else rej
            cols["asylum_rejected"].append(rej is not None)
            cols["procedure_pending"].append(bool(c.get("other_procedure_pending")) or pending)
            cols["dublin_claimant"].append(bool(c.get("dublin_claimant")))
            cols["criminal_record"].append(bool(c.get("criminal_record")))
            cols["heavy_entry_ban"].append(c.get("entry_ban") == "heavy")
            cols["article_1f"].append(bool(c.get("article_1f")))
            prev = c.get("previously_supported_on")
            cols["supported_recently"].append(prev is not None and np.datetime64(prev) >= cutoff)
            cols["currently_participating"].append(bool(c.get("currently_participating")))
            cols["appeal_pending"].append(pending)
            cols["has_term"].append(start is not None)
            cols["term_start"].append(start or "1970-01-01")
            cols["country_index"].append(code_index(c["country"]))
    out = {k: np.array(v, dtype=bool) for k, v in cols.items() if k in INPUTS}
    out["country_index"] = np.array(cols["country_index"], dtype=np.int32)
    out["term_start"] = np.array(cols["term_start"], dtype="datetime64[D]")
    return out


def simulate(tbs, arrays, n):
    sim = SimulationBuilder().build_default_simulation(tbs, n)
    for k, v in arrays.items():
        sim.set_input(k, "eternity" if k in INPUTS or k in ("country_index", "term_start") else None, v)
    return sim


def main():
    path, as_of = sys.argv[1], sys.argv[2]
    tbs = system()
    arrays = load(path, as_of)
    n = len(arrays["country_index"])
    period = as_of
    # Five fresh simulations (OpenFisca caches a calculated variable); the median is reported, the best beside it.
    times = []
    for _ in range(5):
        sim = simulate(tbs, arrays, n)
        t = time.perf_counter()
        e = sim.calculate("eligible", period)
        d = sim.calculate("departure_deadline", period)
        times.append(time.perf_counter() - t)
    times.sort()
    secs, best = times[2], times[0]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peer=openfisca mode=batch n={n} calc_s={secs:.4f} cases_per_s={n / secs:.0f} best_cases_per_s={n / best:.0f} peak_rss_mib={rss:.1f} eligible={int(e.sum())} deadline_set={int((d != np.datetime64('1970-01-01')).sum())}")
    if "--one-at-a-time" in sys.argv:
        m = int(sys.argv[sys.argv.index("--one-at-a-time") + 1])
        t = time.perf_counter()
        for i in range(m):
            one = {k: v[i:i + 1] for k, v in arrays.items()}
            s = simulate(tbs, one, 1)
            s.calculate("eligible", period)
            s.calculate("departure_deadline", period)
        secs = time.perf_counter() - t
        print(f"peer=openfisca mode=one-at-a-time n={m} s={secs:.3f} cases_per_s={m / secs:.0f}")


if __name__ == "__main__":
    main()
