"""A workbook's projection against a published record: the Baltimore 2010 conversion and first years.

A workbook opts in with an About row `record` = `baltimore_2010` (the Baltimore sample does). The
figures are the first pathways proposal's: placements and stipends from its first run (replicate 0,
the run the tables show), counts of applicants, promotions and Lead teachers as means over its runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from models import parameters
from models.engine import Projection
from models.inputs import Inputs
from models.parameters import PATHWAYS

RECORD_TOPIC = "record"
BALTIMORE = "baltimore_2010"


@dataclass(frozen=True)
class Source:
    title: str
    address: str


# The publications, from the registry's references (one place for a title and its address).
SUN_2011 = Source(*parameters.CONVERSION_2011)
SUN_2012 = Source(*parameters.FIRST_COHORT_2012)
EDWEEK_2015 = Source(*parameters.LEAD_2015)
CITY_SCHOOLS = Source(*parameters.CITY_SCHOOLS_PATHWAYS)
AU_PAGE = Source(*parameters.CITY_SCHOOLS_AUS)


def compares_with_record(inputs: Inputs) -> bool:
    """Whether the workbook asks to be compared with the Baltimore record (its About sheet says so)."""
    return any(str(topic).strip().lower() == RECORD_TOPIC and str(note).strip().lower().startswith(BALTIMORE)
               for topic, note in inputs.about)


def first_pathways(projections: list[Projection]) -> Projection | None:
    return next((p for p in projections if p.terms.pay_system == "pathways"), None)


def conversion_placement(p: Projection) -> pd.DataFrame:
    """Placement by pathway at conversion (before year 1's promotions): the converted staff (base-year
    teachers who stayed) apart from the year's hires (placed as models/hires.py says), counts and shares
    (replicate 0)."""
    converted = p.converted >= 0
    hired = p.teacher["cell"][1]  # a hire is placed on arrival and not promoted in year 1
    pathway = np.array([p.cell_labels[c][1] for c in np.where(converted, p.converted, hired)])
    rows = []
    for who, mask in (("converted staff", converted), ("year-1 hires", ~converted)):
        total = int(mask.sum())
        for name in PATHWAYS:
            count = int((mask & (pathway == name)).sum())
            rows.append({"who": who, "pathway": name, "teachers": count, "share": count / total if total else 0.0})
    return pd.DataFrame(rows)


def baltimore_record(inputs: Inputs, p: Projection) -> pd.DataFrame:
    """Published facts against the sample's figures, each with its source (title and address)."""
    base_year = int(p.years[0])
    placement = conversion_placement(p)
    converted = placement[placement["who"] == "converted staff"].set_index("pathway")
    share = lambda name: f"{converted.loc[name, 'share']:.0%}"  # noqa: E731
    stipend = p.teacher["stipend"][1]
    lead_year = min(base_year + 4, int(p.years[-1]))  # 2014-15 for a 2010 base year
    is_lead = np.array([label[0] == "pathways" and label[1] == "Lead" for label in p.cell_labels])
    lead = float(p.cells[lead_year - base_year][is_lead].sum())
    cohort = f"{base_year + 1}-{str(base_year + 2)[-2:]}"
    runs = f" (mean of {p.replicates} runs)" if p.replicates > 1 else " (one run)"
    mean = lambda key: f"{p.totals[key][1].mean():,.0f}{runs}"  # noqa: E731
    facts = [
        ("Teachers converted to pathways", "6,915", f"{len(inputs.roster):,} on the roster", SUN_2011),
        ("Converted staff placed on Professional", "70%", share("Professional"), SUN_2011),
        ("Converted staff placed on Standard", "26%", share("Standard"), SUN_2011),
        ("Converted staff placed on Model", "4%", share("Model"), SUN_2011),
        ("Hold-harmless stipend, one time, if the placement raised pay by less than", "$1,750",
         f"${p.terms['conversion.stipend']:,.0f} under ${p.terms['conversion.stipend_threshold']:,.0f}; "
         f"{int((stipend > 0).sum()):,} teachers paid", SUN_2011),
        (f"First Model cohort ({cohort}): applied", "341", mean("model_applicants"), SUN_2012),
        (f"First Model cohort ({cohort}): promoted", "100", mean("model_promotions"), SUN_2012),
        ("AUs to move one interval", "12", f"{p.terms['au.per_interval']:g}", AU_PAGE),
        (f"Lead teachers by {lead_year}-{str(lead_year + 1)[-2:]}", "a handful", f"{lead:,.0f}{runs}", EDWEEK_2015),
    ]
    return pd.DataFrame([{"fact": f, "published": pub, "this workbook": ours, "source": s.title,
                          "address": s.address} for f, pub, ours, s in facts])


def placement_table(placement: pd.DataFrame) -> pd.DataFrame:
    """conversion_placement() as one row per group of teachers: share (count) on each pathway."""
    cell = placement.assign(text=[f"{s:.0%} ({n:,})" for s, n in zip(placement["share"], placement["teachers"],
                                                                        strict=True)])
    wide = cell.pivot(index="who", columns="pathway", values="text").reindex(columns=list(PATHWAYS))
    wide.columns.name = None
    totals = placement.groupby("who")["teachers"].sum()
    return wide.assign(teachers=totals.map("{:,}".format)).reindex(["converted staff", "year-1 hires"]).reset_index()
