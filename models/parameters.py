"""Every contract rule and assumption the model reads, each in one entry: key, label, unit, bounds, default,
the published source of the default (references: title and address) or "illustrative", its tab and heading
on Contract terms, its lever limits for the solver and its range for the tornado and the fan.

This registry is the single place a parameter is defined. The workbook reader validates the Rules and
Assumptions sheets against it, proposals override its keys; the template, the Contract terms tabs,
risk.levers(), risk.default_assumptions(), docs/workbook.md and the tables of docs/model.md are written
from it. Keys may hold one placeholder segment: {year} (a school year, by its starting calendar year),
{rating}, {band} (years of experience, "0-3" or "20+"), {lane} (a step-schedule lane), {role} (a roster
role) or {years} (years of service). Add an entry with `_p` (a rule or an assumption) or `_c` (a pay
component, off by default); inside a `_section` it takes that section's tab and heading.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

RATINGS = ("highly_effective", "effective", "developing", "ineffective")  # best first
RATING_LABELS = {
    "highly_effective": "Highly effective",
    "effective": "Effective",
    "developing": "Developing",
    "ineffective": "Ineffective",
}
PATHWAYS = ("Standard", "Professional", "Model", "Lead")
PAY_SYSTEMS = ("step_and_lane", "pathways")

Reference = tuple[str, str]  # (title, address) of a published source; address "" where none was found

# Published sources the defaults rest on (title, address).
CITY_SCHOOLS_AUS = ("Baltimore City Public Schools, 'Achievement Units for Teachers'",
                    "https://www.baltimorecityschools.org/achievement-units")
CITY_SCHOOLS_PATHWAYS = ("Baltimore City Public Schools, 'Career Pathways for Teachers' (with the AU Handbook)",
                         "https://www.baltimorecityschools.org/career-pathways")
BTU_2010 = ("Agreement between the Baltimore City Board of School Commissioners and the Baltimore Teachers Union, "
            "2010-2013 (ratified 17 Nov 2010; AFT, 'Baltimore Teachers Ratify Bold Contract Agreement')",
            "https://www.aft.org/news/baltimore-teachers-ratify-bold-contract-agreement")
BTU_2013 = ("The Baltimore Sun, 'Baltimore Teachers Union announces tentative contract' (30 Jan 2014: 1% raises "
            "a year to 2016)", "http://articles.baltimoresun.com/2014-01-30/news/bal-baltimore-teachers-union-"
            "announces-tentative-contract-20140130_1_tentative-contract-baltimore-teachers-union-marietta-english")
CONVERSION_2011 = ("The Baltimore Sun, \"City teachers receive career 'paths' under new contract\", 22 February 2011",
                   "http://articles.baltimoresun.com/2011-02-22/news/bs-md-ci-teacher-career-pathways-20110221_1_"
                   "career-ladder-city-teachers-baltimore-teachers-union-contract")
FIRST_COHORT_2012 = ("The Baltimore Sun, \"City schools names 'model teachers'\", 16 May 2012",
                     "http://articles.baltimoresun.com/2012-05-16/news/bal-city-schools-names-model-teachers-"
                     "20120514_1_baltimore-teachers-union-contract-music-teachers-math")
LEAD_2015 = ("Education Week, \"Baltimore Program Aims to Give Teachers New Paths, Higher Pay\", 19 February 2015",
             "https://www.edweek.org/teaching-learning/baltimore-program-aims-to-give-teachers-new-paths-"
             "higher-pay/2015/02")
PELP_CASE = ("Johnson, Kim, Marietta, Faller and Noonan, 'Career Pathways, Performance Pay, and Peer-review Promotion "
             "in Baltimore City Public Schools', Harvard Public Education Leadership Project case PEL-071 (2013); "
             "no public address found", "")
FIRST_COHORT = ("Baltimore City Public Schools and the Baltimore Teachers Union, letter naming the first cohort of "
                "Model teachers (Nov 2011: 341 applied, 100 promoted); no address of the original found", "")
NCES_TFS = ("NCES, 'Teacher Attrition and Mobility: Results From the 2012-13 Teacher Follow-up Survey' "
            "(NCES 2014-077), table 2", "https://nces.ed.gov/pubsearch/pubsinfo.asp?pubid=2014077")
NCES_TURNOVER = ("NCES, Condition of Education, 'Teacher Turnover: Stayers, Movers, and Leavers'",
                 "https://nces.ed.gov/programs/coe/indicator/slc")
HENDRICKS = ("Hendricks (2014), 'Does it pay to pay teachers more? Evidence from Texas', Journal of Public "
             "Economics 109, 50-63", "https://doi.org/10.1016/j.jpubeco.2013.11.001")
CLOTFELTER = ("Clotfelter, Glennie, Ladd and Vigdor (2008), 'Would higher salaries keep teachers in high-poverty "
              "schools? Evidence from a policy intervention in North Carolina', Journal of Public Economics 92(5-6), "
              "1352-1370", "https://doi.org/10.1016/j.jpubeco.2007.07.003")
NIET_TAP = ("NIET, 'TAP System: Performance-Based Compensation'",
            "https://www.niet.org/tap-system/elements-of-success/performance-based-compensation/")
MN_QCOMP = ("Minnesota Department of Education, 'Q Comp'", "https://education.mn.gov/MDE/dse/qc/")
DENVER_PROCOMP = ("Denver Public Schools, 'ProComp History' (elements charts by year; 2008-09 index $36,635)",
                  "http://denverprocomp.dpsk12.org/history")
NEW_AMERICA_MC = ("Tooley and Hood (2021), 'Harnessing Micro-credentials for Teacher Growth: A Model State Policy "
                  "Guide', New America", "https://www.newamerica.org/education-policy/reports/harnessing-micro-"
                  "credentials-for-teacher-growth-a-model-state-policy-guide/")
KETTLE_MORAINE = ("Aurora Institute, 'Practicing What They Preach: Micro-Credentialing at Kettle Moraine' (2018)",
                  "https://aurora-institute.org/cw_post/practicing-what-they-preach-micro-credentialing-at-kettle-moraine/")
MUSKEGO_NORWAY = ("Digital Promise, 'How One District Developed an Advanced Degree Equivalency with "
                  "Micro-credentials' (Muskego-Norway, 2025)", "https://digitalpromise.org/2025/01/23/how-one-"
                  "district-developed-an-advanced-degree-equivalency-with-micro-credentials")
IRS_PUB15 = ("IRS Publication 15 (Circular E), Employer's Tax Guide: Social Security 6.2%, Medicare 1.45%",
             "https://www.irs.gov/publications/p15")

BALTIMORE = "Baltimore 2010 contract"
ILLUSTRATIVE = "illustrative: no published figure; edit to your district"
TERMS_TABS = ("Salaries", "Achievement Units", "Promotion and review", "Conversion", "Raises and roll-up",
              "Pay components")  # Contract terms, in order; Salaries holds the grids, the rest registry entries
# The tabs whose rules only career pathways use (with every au.* rule): on step and lane they change no figure.
PATHWAYS_TABS = ("Achievement Units", "Promotion and review", "Conversion")


@dataclass(frozen=True)
class LeverLimits:
    """What the solver may set a parameter to (`fit`): its name on the command line and its domain."""

    name: str
    low: float
    high: float
    whole: bool = False


@dataclass(frozen=True)
class Spread:
    """How far the tornado and the fan move a parameter.

    mode "scale" multiplies every matching value (low and high are factors); "shift" adds to it (amounts);
    "ratings" moves share between the top two ratings and the bottom two (points of share rated Effective
    or better). words: the range said in full where the mode's own words do not say it.
    """

    mode: str
    low: float
    high: float
    source: str
    words: str = ""
    label: str = ""  # the tornado's name for it, when not the parameter's label
    references: tuple[Reference, ...] = ()

    @property
    def range(self) -> str:
        if self.words:
            return self.words
        if self.mode == "scale":
            return f"x{bound(self.low)} to x{bound(self.high)}"
        signed = [bound(x) if bound(x).startswith("-") else f"+{bound(x)}" for x in (self.low, self.high)]
        return " to ".join(signed)


@dataclass(frozen=True)
class Parameter:
    key: str
    sheet: str  # "Rules" (contract terms) or "Assumptions" (the forecast)
    kind: str  # number | integer | rate | optional_number | step | choice | lane | pathway | rating
    default: Any  # a value, None (blank: see description), or a dict per placeholder value
    unit: str
    label: str
    description: str
    source: str  # the default's source in words; "illustrative" where no publication gives it
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    in_proposals: bool = True  # False: global settings, not part of a package
    # Added after workbooks were in use (pay components): at its default the key is left out of the
    # fingerprint and of written Rules/Assumptions sheets, so those workbooks keep their fingerprint.
    quiet_default: bool = False
    tab: str = ""  # the Contract terms tab it is edited on ("": not on Contract terms)
    heading: str = ""  # its group's heading on that tab ("": none)
    lever: LeverLimits | None = None  # the solver may set it, within these limits
    spread: Spread | None = None  # the tornado and the fan move it across this range
    references: tuple[Reference, ...] = ()  # the publications the default comes from

    @property
    def placeholder(self) -> str | None:
        m = re.search(r"\{(\w+)\}", self.key)
        return m.group(1) if m else None

    @property
    def pattern(self) -> str:
        """The key, or for a family the prefix and '*' ('exit_rate.*'): what the tornado matches."""
        return self.key.split("{")[0] + "*" if self.placeholder else self.key

    @property
    def pathways_only(self) -> bool:
        """A rule only career pathways use (AUs, promotion and review, conversion, banked AUs' cash-out): it
        changes no figure of a step-and-lane scenario."""
        return self.tab in PATHWAYS_TABS or self.key.startswith("au.")

    @property
    def citation(self) -> str:
        """The source in words and each publication's title and address, as a workbook or page shows it."""
        return "; ".join([self.source, *(cite(r) for r in self.references)])


def cite(reference: Reference) -> str:
    title, href = reference
    return f"{title}, {href}" if href else title


def _p(key: str, sheet: str, kind: str, default: Any, unit: str, label: str, description: str,
       source: str, low: float | None = None, high: float | None = None,
       choices: tuple[str, ...] = (), in_proposals: bool = True, quiet_default: bool = False, *,
       tab: str = "", heading: str = "", lever: LeverLimits | None = None, spread: Spread | None = None,
       references: tuple[Reference, ...] = ()) -> Parameter:
    return Parameter(key, sheet, kind, default, unit, label, description, source, low, high,
                     choices, in_proposals, quiet_default, tab, heading, lever, spread, references)


def _c(key: str, sheet: str, kind: str, default: Any, unit: str, label: str, description: str,
       source: str, low: float | None = None, high: float | None = None,
       choices: tuple[str, ...] = (), *, tab: str = "", heading: str = "", lever: LeverLimits | None = None,
       spread: Spread | None = None, references: tuple[Reference, ...] = ()) -> Parameter:
    """A pay-component parameter: off (zero or blank) by default, quiet in the fingerprint at its default;
    a Rules key sits on the Pay components tab unless told otherwise."""
    return Parameter(key, sheet, kind, default, unit, label, description, source, low, high, choices,
                     True, True, tab or ("Pay components" if sheet == "Rules" else ""), heading, lever, spread,
                     references)


def _section(tab: str, heading: str, *params: Parameter) -> tuple[Parameter, ...]:
    """Rules entries of one group of Contract terms: each gets the tab and heading it has not set itself."""
    return tuple(replace(p, tab=p.tab or tab, heading=p.heading or heading) if p.sheet == "Rules" else p
                 for p in params)


R, A = "Rules", "Assumptions"
TAP = "TAP: bonus split 50% observed skills, 30% classroom value-added, 20% school-wide"
QCOMP = ("Minnesota Q Comp example district: up to $1,250 a teacher = $50 site goal + $100 student goal "
         "+ $150 PLC + $950 practice proficiency (the example district's plan: no address found)")
PROCOMP = "Denver ProComp: % of an index salary ($36,635 in 2008-09)"
MC_STATE = "a model state phase-in policy for micro-credentials"
IN_BASE = ("1: counted as base salary (pensionable) while the teacher qualifies, not accumulated; "
           "0: paid as a stipend or bonus.")
ROLLUP = "1: carries the full roll-up on salary (rollup.rate); 0: only the roll-up on stipends."
NCES = ("district leavers: leavers plus the 41% of movers who changed district or sector (NCES TFS 2012-13, "
        "table 2: leavers 7.1/6.8/5.9/11.4%, movers 12.5/11.7/5.6/5.4% by 1-3/4-9/10-19/20+ years; Condition of "
        "Education: 41% of movers left the district or sector)")
ILLUSTRATIVE_20 = "illustrative: ±20% of the workbook's value; no published range"
IRS_P15 = "IRS Publication 15"
HEALTH = "illustrative: enter the district's premiums (employer share); default off"
LINE = {"tab": "Raises and roll-up", "heading": "Roll-up by line"}  # the roll-up lines' place on Contract terms

REGISTRY: tuple[Parameter, ...] = (
    # --- Achievement Units --------------------------------------------------------------
    *_section("Achievement Units", "",
        _p("au.per_interval", R, "number", 12, "AUs", "AUs per interval",
           "AUs that move a teacher up one interval.", BALTIMORE, low=1, high=100,
           lever=LeverLimits("au_per_interval", 1, 100, whole=True),
           references=(CITY_SCHOOLS_AUS, BTU_2010)),
        _p("au.by_rating.{rating}", R, "number",
           {"highly_effective": 12, "effective": 9, "developing": 3, "ineffective": 0},
           "AUs a year", "AUs for a rating",
           "AUs earned by the year's evaluation rating.",
           "Baltimore City Schools' AU page", low=0, high=100,
           references=(CITY_SCHOOLS_AUS,)),
        _p("au.per_credit", R, "number", 1, "AUs per credit", "AUs per graduate credit",
           "AUs earned for each graduate or college credit.", BALTIMORE, low=0, high=50,
           references=(CITY_SCHOOLS_AUS, BTU_2010)),
        _p("au.pd_hours_per_au", R, "number", 15, "hours", "PD hours per AU",
           "Hours of approved professional development that earn one AU.", BALTIMORE,
           low=0.1, high=1000, references=(CITY_SCHOOLS_AUS, BTU_2010)),
        _p("au.per_mc", R, "number", 0, "AUs per MC", "AUs per micro-credential",
           "AUs earned for each micro-credential.", ILLUSTRATIVE, low=0, high=100),
        _p("au.other_per_year", R, "number", 0, "AUs a year", "Other AUs a year",
           "AUs a teacher earns a year from other sources (projects reviewed by the joint "
           "panel), on average.", ILLUSTRATIVE, low=0, high=100),
        _p("au.by_role.{role}", R, "number", {"building_rep": 3}, "AUs a year", "AUs for a role",
           "AUs a year for teachers whose roster role is this (e.g. building_rep).",
           "Baltimore: union building representative 3 AUs a year", low=0, high=100,
           references=(CITY_SCHOOLS_PATHWAYS,)),
        _p("au.annual_cap", R, "optional_number", None, "AUs a year", "Annual AU cap",
           "Most AUs a teacher may bank in one year; blank means no cap.",
           "no annual cap was found in Baltimore's published AU rules", low=0, high=1000,
           references=(CITY_SCHOOLS_AUS,)),
    ),
    # --- Conversion from the step-and-lane schedule -----------------------------------------
    *_section("Conversion", "",
        _p("crosswalk.{lane}", R, "pathway", None, "pathway", "Pathway at conversion",
           "Pathway a teacher in this lane is placed in at conversion (default: the first lane to "
           "Standard, every other lane to Professional).",
           "Baltimore conversion: bachelor's to Standard, master's to Professional",
           references=(CONVERSION_2011,)),
        _p("conversion.model_min_years", R, "optional_number", None, "years",
           "Years for Model at conversion",
           "Teachers crosswalked to Professional with at least these years of experience and a "
           "rating of at least the Model minimum are placed in Model at conversion (grandfathering); "
           "blank means nobody.",
           "Baltimore grandfathered 544 veterans into Model; the rule was not published: "
           "illustrative", low=0, high=60),
        _p("conversion.stipend_threshold", R, "number", 1750, "$", "Hold-harmless threshold",
           "A teacher whose placement raises pay by less than this gets the conversion stipend.",
           "Baltimore conversion, Feb 2011", low=0, high=100000, references=(CONVERSION_2011,)),
        _p("conversion.stipend", R, "number", 1750, "$", "Conversion stipend",
           "One-time stipend (pro-rated by FTE) at conversion for those under the threshold.",
           "Baltimore conversion, Feb 2011", low=0, high=100000, references=(CONVERSION_2011,)),
        _p("conversion.stipend_mode", R, "choice", "flat", "", "Stipend rule",
           "flat: the whole stipend; top_up: only what lifts the raise to the threshold.",
           "Baltimore paid a flat $1,750", choices=("flat", "top_up"),
           references=(CONVERSION_2011,)),
    ),
    # --- Promotion and review ---------------------------------------------------------------
    *_section("Promotion and review", "",
        _p("model.application_rate", R, "rate", 0.07, "share a year", "Model application rate",
           "Share of eligible Professional teachers who apply to Model each year.",
           "Baltimore first cohort: 341 applied of about 4,840 Professional teachers (70% of the 6,915 "
           "placed at conversion)", low=0, high=1, references=(FIRST_COHORT_2012, FIRST_COHORT, CONVERSION_2011),
           spread=Spread("scale", 0.8, 1.2, ILLUSTRATIVE_20)),
        _p("model.pass_rate", R, "rate", 0.293, "share", "Model pass rate",
           "Share of applicants the peer review committee promotes.",
           "Baltimore first cohort: 100 of 341 scored 80%+", low=0, high=1,
           lever=LeverLimits("pass_rate", 0.0, 1.0), references=(FIRST_COHORT_2012, FIRST_COHORT),
           spread=Spread("scale", 0.8, 1.2, "illustrative: ±20%; Baltimore's first cohort passed 29%, "
                         "later cohorts unknown", references=(FIRST_COHORT_2012,))),
        _p("model.min_rating", R, "rating", "effective", "rating", "Lowest rating to apply",
           "A Professional teacher whose last rating is at least this may apply to Model.",
           ILLUSTRATIVE, choices=RATINGS),
        _p("review.cycle_years", R, "integer", 5, "years", "Review cycle",
           "Model and Lead status is reviewed every this many years.", BALTIMORE, low=1, high=50,
           references=(BTU_2010, PELP_CASE)),
        _p("review.pass_rate", R, "rate", 0.9, "share", "Review pass rate",
           "Share of Model and Lead teachers who keep their status at review; the others return to "
           "the top of Professional.", ILLUSTRATIVE, low=0, high=1),
        _p("lead.slots", R, "integer", 10, "teachers", "Lead slots",
           "Lead positions, filled each year from Model teachers.",
           "Baltimore planned about one per school (~200 schools); just a handful by 2014-15: the "
           "number is illustrative", low=0, high=100000, references=(LEAD_2015, CITY_SCHOOLS_PATHWAYS)),
    ),
    # --- Step and lane movement ---------------------------------------------------------------
    _p("lane_credits.{lane}", R, "optional_number", None, "credits", "Credits to enter lane",
       "Graduate credits banked since entering the previous lane that move a teacher into this "
       "lane; blank means the lane is reached by degree only.", ILLUSTRATIVE, low=1, high=500),
    _p("step_advance.default", R, "integer", 1, "0 or 1", "Steps advance",
       "1: steps (and intervals) advance each year; 0: a freeze.",
       "a step-and-lane schedule moves a teacher one step a year: illustrative of any status quo", low=0,
       high=1),
    _p("step_advance.{year}", R, "integer", None, "0 or 1", "Steps advance in year",
       "Overrides step_advance.default for one school year (0 = freeze).", ILLUSTRATIVE,
       low=0, high=1),
    # --- Raises and roll-up -----------------------------------------------------------------
    _p("raise.default", R, "number", 0.0, "share", "On-scale raise",
       "Raise to the whole schedule in each year not listed.", ILLUSTRATIVE, low=-0.5, high=0.5),
    *_section("Raises and roll-up", "",
        _p("raise.{year}", R, "number", None, "share", "On-scale raise in year",
           "Raise to the whole schedule at the start of that school year (0.02 = 2%).",
           "Baltimore: up to 1% and 1.5% tied to performance; 2013-16 1% a year", low=-0.5, high=0.5,
           lever=LeverLimits("raise", -0.5, 0.5), references=(BTU_2010, BTU_2013),
           spread=Spread("shift", -0.01, 0.01, "illustrative: about the size of Baltimore's later raises, 1-1.5%",
                         "-1 to +1 point in every year", "On-scale raises (every year)", (BTU_2013,))),
        _p("rollup.rate", R, "rate", 0.17, "share of salary", "Roll-up on salary (other)",
           "Costs that ride on salary (Social Security, Medicare, pension, ...), other than the lines "
           "rollup.social_security, rollup.medicare and rollup.pension, which add to it when given; with none "
           "of them given it is the whole roll-up on salary.",
           "about 17% in one worked costing example (publication not identified): illustrative", low=0, high=1,
           spread=Spread("scale", 0.8, 1.2, "illustrative: ±20% of the rate", label="Roll-up on salary")),
        _p("rollup.stipend_rate", R, "rate", 0.0765, "share of stipends", "Roll-up on stipends",
           "Roll-up on one-time stipends and bonuses (often not pensionable).",
           "Social Security 6.2% + Medicare 1.45%", low=0, high=1, references=(IRS_PUB15,)),
        _c("rollup.social_security", R, "rate", 0.0, "share of salary", "Social Security (employer)",
           "Employer Social Security on salary, its own roll-up line (adds to rollup.rate); 0.062 where the "
           "district's teachers are covered (some states' teachers are not). The wage base cap is not applied.",
           "6.2% employer share (" + IRS_P15 + "); default off", low=0, high=1, references=(IRS_PUB15,), **LINE),
        _c("rollup.medicare", R, "rate", 0.0, "share of salary", "Medicare (employer)",
           "Employer Medicare on salary, its own roll-up line (adds to rollup.rate); 0.0145.",
           "1.45% employer share (" + IRS_P15 + "); default off", low=0, high=1, references=(IRS_PUB15,), **LINE),
        _c("rollup.pension", R, "rate", 0.0, "share of salary", "Pension (employer)",
           "Employer pension contribution on salary, its own roll-up line (adds to rollup.rate): the state "
           "retirement system's employer rate for the year.",
           "illustrative: state employer rates differ widely (the samples use 10%); enter your state's rate; "
           "default off", low=0, high=1, **LINE),
        _c("rollup.health_per_fte", R, "number", 0, "$ per FTE a year", "Health per FTE",
           "Employer health (and other per-head benefits) a year per 1.0 FTE position, its own roll-up line; "
           "not a share of salary, so a raise does not move it.", HEALTH, low=0, high=1000000, **LINE),
        _c("rollup.health_single", R, "number", 0, "$ a year", "Health premium, single",
           "Employer share of a single-coverage premium a year, times rollup.single_share of positions (per FTE).",
           HEALTH, low=0, high=1000000, **LINE),
        _c("rollup.health_family", R, "number", 0, "$ a year", "Health premium, family",
           "Employer share of a family-coverage premium a year, times rollup.family_share of positions (per FTE).",
           HEALTH, low=0, high=1000000, **LINE),
        _c("rollup.single_share", A, "rate", 0.0, "share of FTE", "Share enrolled single",
           "Share of positions (by FTE) enrolled in single coverage: the district's single count over its FTE.",
           HEALTH, low=0, high=1),
        _c("rollup.family_share", A, "rate", 0.0, "share of FTE", "Share enrolled family",
           "Share of positions (by FTE) enrolled in family coverage: the district's family count over its FTE.",
           HEALTH, low=0, high=1),
        _c("rollup.health_growth", A, "number", 0.0, "share a year", "Health cost growth",
           "Yearly growth of the per-head benefit costs (premium trend), from the base year.",
           HEALTH, low=-0.5, high=1),
        _c("longevity.{years}", R, "number", None, "$ a year", "Longevity pay",
           "Longevity pay a year at 1.0 FTE from this many years of service on (years_experience), e.g. "
           "longevity.15 = 1500, longevity.20 = 3000: the highest amount reached is paid (amounts do not add "
           "up). Paid with the step-and-lane schedule, not raised by on-scale raises, pensionable (carries "
           "rollup.rate).", "the district's salary schedule (its longevity lines); none by default",
           low=0, high=100000, tab="Raises and roll-up", heading="Longevity"),
    ),
    *_section("Raises and roll-up", "Flat raises by year (dollars added to every salary after the percentage)",
        _p("raise_flat.{year}", R, "number", None, "$", "Flat raise in year",
           "Dollars added to every salary of the schedules at the start of that school year, after its percentage "
           "raise (a raise by lane or step range is a grid for that year: step_salary.<year>.<lane>.<step>).",
           ILLUSTRATIVE, low=0, high=50000),
    ),
    *_section("Raises and roll-up", "Part-year raises: the share of the year each year's raise, flat raise and "
              "own grid are paid in (50 = from January in a July-June year; blank = the whole year)",
        _p("raise_effective.{year}", R, "number", None, "share", "Share of the year the raise is paid in",
           "The raise of that school year starts part-way through it: paid for this share of the year there "
           "(0.5 = from January 1 in a July-June year), in full from the next year on.", ILLUSTRATIVE,
           low=0, high=1),
    ),
    # --- The schedule's shape (edited with the grids on the Salaries tab) -----------------------------
    _p("step_count", R, "integer", None, "steps", "Steps in the schedule",
       "How many steps the schedule keeps, counted from its first printed step (on a schedule printed 3, 3A, "
       "4, 50: 2 keeps 3 and 3A): fewer removes the steps after them (a compression), more adds steps paying "
       "the top step's salary until set, in every schedule of the workbook alike (new steps take the labels "
       "after the last one); "
       "blank keeps the workbook's. A teacher on a removed step is placed on the lowest step of "
       "the lane paying at least their salary (or by step_crosswalk), and nobody's pay falls at the change "
       "(protected, as at a pathways conversion).", ILLUSTRATIVE, low=1, high=60, quiet_default=True),
    _p("step_crosswalk.{step}", R, "step", None, "step", "New step for old step",
       "Where a teacher on this (removed) step of the workbook's schedule is placed when steps are removed, "
       "instead of the lowest step paying at least their salary; both steps by their published labels.",
       ILLUSTRATIVE),
    _p("lane_removed.{lane}", R, "lane", None, "lane", "Lane removed, its teachers to",
       "Removes this lane from a step-and-lane proposal's schedule (every schedule alike); its teachers go to "
       "the lane named here, on the lowest step paying at least their salary, and nobody's pay falls at the change.",
       ILLUSTRATIVE),
    _p("lane_added.{new_lane}", R, "lane", None, "lane", "Lane added after",
       "Adds a lane of this name to a step-and-lane proposal's schedule, after the lane named here and paying "
       "its salaries until set (step_salary.<new lane>.<step>); teachers reach it by lane_credits.<new lane>.",
       ILLUSTRATIVE),
    _p("pathway_intervals.{pathway}", R, "integer", None, "intervals", "Intervals of the pathway",
       "Removes the intervals above this number, or adds intervals paying the top interval's salary until set. "
       "Teachers are placed at conversion by the lowest interval paying at least their salary.",
       ILLUSTRATIVE, low=1, high=60),
    _p("pay_system", R, "choice", None, "", "Pay system of proposals",
       "step_and_lane or pathways; the status quo is always today's step-and-lane schedule. "
       "Default: pathways when the workbook has a Pathways sheet.", "workbench design",
       choices=PAY_SYSTEMS),
    # --- The forecast ---------------------------------------------------------------------
    _p("base_year", A, "integer", 2025, "year", "Base year",
       "School year of the roster as loaded, by its starting calendar year (2010 = 2010-11).",
       "your roster", low=1950, high=2200, in_proposals=False),
    _p("horizon", A, "integer", 10, "years", "Projection years",
       "Years projected after the base year.", "workbench default", low=1, high=40,
       in_proposals=False),
    _p("seed", A, "integer", 2010, "", "Random seed",
       "One seed gives the same numbers on every machine.", "workbench default", low=0,
       high=2**31 - 1, in_proposals=False),
    _p("replicates", A, "integer", 1, "", "Replicates",
       "Simulated futures; more than one gives P10/P50/P90.", "workbench default", low=1,
       high=1000, in_proposals=False),
    _p("rating_share.{rating}", A, "rate", None, "share", "Share rated",
       "Share of teachers given this rating each year (default: the roster's shares).",
       "your roster", low=0, high=1,
       spread=Spread("ratings", -0.10, 0.10, "illustrative", "10 points of share moved out of / into Effective or "
                     "better", "Rating shares")),
    _p("roster.default_rating", A, "rating", "effective", "rating", "Rating when blank",
       "Rating of a teacher whose roster rating is blank, and of every position a Scattergram expands into.",
       ILLUSTRATIVE, choices=RATINGS, in_proposals=False, quiet_default=True),
    _p("rating.persistence", A, "rate", 0.6, "correlation", "Rating persistence",
       "Correlation of a teacher's ratings from year to year (0 = independent, 1 = fixed).",
       ILLUSTRATIVE, low=0, high=1),
    _p("credits.share_taking", A, "rate", 0.15, "share a year", "Share earning credits",
       "Share of teachers who earn graduate credits in a year.", ILLUSTRATIVE, low=0, high=1),
    _p("credits.per_taker", A, "number", 6, "credits", "Credits per taker",
       "Credits earned in a year by those who take courses.", ILLUSTRATIVE, low=0, high=60,
       spread=Spread("scale", 0.8, 1.2, ILLUSTRATIVE_20)),
    _p("pd_hours.per_year", A, "number", 15, "hours", "PD hours a year",
       "Approved professional-development hours per teacher per year.", ILLUSTRATIVE,
       low=0, high=2000, spread=Spread("scale", 0.8, 1.2, ILLUSTRATIVE_20)),
    _p("mc.share_taking", A, "rate", 0.0, "share a year", "Share earning micro-credentials",
       "Share of teachers who earn micro-credentials in a year.", ILLUSTRATIVE, low=0, high=1),
    _p("mc.per_taker", A, "number", 0, "MCs", "Micro-credentials per taker",
       "Micro-credentials earned in a year by those who earn any.", ILLUSTRATIVE, low=0, high=50),
    _p("exit_rate.{band}", A, "rate",
       {"0-3": 0.122, "4-9": 0.116, "10-19": 0.082, "20+": 0.136}, "share a year",
       "Exit rate", "Share leaving the district's payroll in a year at today's pay, by years of experience "
       "(teachers who move to another school of the district stay on its payroll; retirements included).", NCES,
       low=0, high=1, references=(NCES_TFS, NCES_TURNOVER),
       spread=Spread("scale", 0.8, 1.2, "illustrative: ±20%; district leavers by band run 8.2-13.6% against Maryland's "
                     "~9.5% a year (Maryland's rate: publication not identified)", label="Exit rates (all bands)",
                     references=(NCES_TFS,))),
    _p("elasticity.at_entry", A, "number", -2.0, "", "Turnover pay elasticity (new teachers)",
       "Percent change in exits per percent change in relative pay, for a new teacher; it "
       "fades linearly to zero over elasticity.fade_years.",
       "illustrative: chosen so the early-career average is near -1.4 (Hendricks 2014)", low=-20, high=0,
       references=(HENDRICKS, CLOTFELTER),
       spread=Spread("scale", 0.5, 1.5, "illustrative: half to one and a half times; the level is itself "
                     "illustrative", label="Turnover pay elasticity", references=(HENDRICKS,))),
    _p("elasticity.fade_years", A, "number", 19, "years", "Years until pay no longer moves exits",
       "Experience at which pay stops affecting exits.", "Hendricks 2014",
       low=0.5, high=60, references=(HENDRICKS,)),
    _p("market_raise.default", A, "optional_number", None, "share", "Market raise",
       "Yearly pay growth in comparable districts; blank follows the status quo's raises.",
       "workbench default", low=-0.5, high=0.5),
    _p("market_raise.{year}", A, "number", None, "share", "Market raise in year",
       "Market pay growth in that school year.", ILLUSTRATIVE, low=-0.5, high=0.5),
    _p("hire.years", A, "integer", 0, "years", "Hires' experience",
       "Years of experience of a new hire.", ILLUSTRATIVE, low=0, high=40),
    _p("hire.lane", A, "lane", None, "lane", "Hires' lane",
       "Lane of a new hire on the status quo (default: the first lane); under pathways hires "
       "start at Standard interval 1.", "DESIGN.md engine semantics"),
    _p("hire.placement", A, "choice", "recent", "", "Where hires are placed",
       "recent: like the district's recent hires (the Hires sheet when given, else the roster's teachers "
       "with at most hire.recent_years years: their lane, step and experience, each equally likely); entry: "
       "step 1 of hire.lane with hire.years of experience.",
       "a district's own recent hires are the best default for where hires land (movers and re-entrants "
       "come with service credit)", choices=("recent", "entry")),
    _p("hire.recent_years", A, "integer", 3, "years", "Recent hires: most years of experience",
       "With hire.placement recent and no Hires sheet, hires are placed like the roster's teachers with at "
       "most this many years of experience.", "workbench default: 0-3 years, the first band of the exit "
       "rates", low=0, high=60),
    _p("hire.max_step", R, "step", None, "step", "Highest step a hire is placed on",
       "Contract cap on service credit: a hire placed above this step is placed on it (years of experience "
       "kept). The step as the schedule prints it (on one printed 4-33, 13 is its tenth step); one a proposal "
       "removes caps at its top step. Blank: no cap.", ILLUSTRATIVE, tab="Raises and roll-up", heading="Hires"),
    _p("positions.{year}", A, "number", None, "FTE", "Positions (FTE) in year",
       "FTE of teaching positions in that school year; blank: as the year before (the base year's roster to "
       "start). Added positions are whole 1.0 FTE positions filled by hires; a cut closes positions in layoff "
       "order (added positions last opened first, then the least experienced base-year teachers' positions), "
       "whose teachers leave unreplaced.", ILLUSTRATIVE, low=0, high=10000000),
    # --- Micro-credentials: how an MC is paid (alone or combined) and what the programme costs ---------
    *_section("Pay components", "Micro-credentials (AUs per MC are on the Achievement Units tab)",
        _c("mc.stipend", R, "number", 0, "$ per MC", "MC stipend",
           "One-time stipend for each micro-credential earned, paid the year it is credited (not "
           "pro-rated by FTE).", "a small incentive per MC earned, e.g. $50 (" + MC_STATE + "); default off",
           low=0, high=100000, references=(NEW_AMERICA_MC,)),
        _c("mc.base_increase", R, "number", 0, "$ per MC", "MC base increase",
           "Permanent increase to base salary (per 1.0 FTE, pro-rated) for each micro-credential earned: "
           "carried forward every later year while the teacher stays, counted as base salary with full "
           "roll-up; not raised by on-scale raises.",
           "Kettle Moraine, WI pays a permanent base increase per MC; amount not found: default off",
           low=0, high=100000, references=(KETTLE_MORAINE,)),
        _c("mc.lane_credits", R, "number", 0, "credits per MC", "Lane credits per MC",
           "Credits toward lane movement on the step-and-lane schedule for each micro-credential "
           "(lane_credits.<lane> thresholds).",
           "1 MC = 1 credit toward lane moves of 36/15 credits (Troy, IL); 30 MCs = master's lane "
           "(Muskego-Norway, WI); Troy's rule: publication not identified; default off", low=0, high=100,
           references=(MUSKEGO_NORWAY,)),
        _c("mc.renewal_per_year", R, "number", 0, "MCs per teacher a year", "Renewal MCs a year",
           "Micro-credentials each teacher submits a year for licence renewal in place of clock hours "
           "(e.g. 3 per 5 years = 0.6); counted and charged the fee, not paid.",
           "3 MCs per 5 years, or 5 in non-opted districts (" + MC_STATE + "); default off",
           low=0, high=20, references=(NEW_AMERICA_MC,)),
        _c("mc.fee", R, "number", 0, "$ per MC", "Fee per MC submission",
           "Assessment fee for each micro-credential submitted (earned and renewal MCs).",
           "illustrative: no published fee was found; default off", low=0, high=10000),
        _c("mc.coaching_per_participant", R, "number", 0, "$ per participant", "Coaching per participant",
           "Coaching cost a year for each teacher who earns a micro-credential that year.",
           ILLUSTRATIVE + "; default off", low=0, high=100000),
        _c("mc.outside_share", R, "rate", 0.0, "share", "Programme cost paid outside the district",
           "Share of the MC programme cost (fees and coaching) paid by a state or grant line, not the "
           "district budget (1 = the state covers it all).",
           "the state covers MC fees in one proposal (" + MC_STATE + "); default 0: the district pays",
           low=0, high=1, references=(NEW_AMERICA_MC,)),
    ),
    # --- Performance pay: a TAP-like bonus pool split across measures -------------------------------
    *_section("Pay components", "Performance bonus (TAP-style pool)",
        _c("perf.pool_per_teacher", R, "number", 0, "$ per teacher", "Bonus pool per teacher",
           "Performance bonus pool a year per teacher (per 1.0 FTE), split across the three measures; "
           "what a teacher does not earn stays with the district.", ILLUSTRATIVE + "; default off",
           low=0, high=100000),
        _c("perf.pool_per_school", R, "number", 0, "$ per school", "Bonus pool per school",
           "Performance bonus pool a year per school (roster school), shared per FTE among its "
           "positions (0.5 FTE gets half of 1.0 FTE's share), added to the pool per teacher.",
           ILLUSTRATIVE + "; default off", low=0, high=10000000),
        _c("perf.share_individual", R, "rate", 0.5, "share of the pool", "Share for observed skills",
           "Share of the pool paid on the individual rating (observed skills), scaled by "
           "perf.rating_factor.<rating>.", TAP, low=0, high=1,
           references=(NIET_TAP,)),
        _c("perf.share_value_added", R, "rate", 0.3, "share of the pool", "Share for classroom value-added",
           "Share of the pool paid for classroom value-added; the roster has no test scores, so it is "
           "paid in full to teachers rated at least perf.value_added_min_rating (an approximation).",
           TAP, low=0, high=1),
        _c("perf.share_school", R, "rate", 0.2, "share of the pool", "Share for school-wide results",
           "Share of the pool paid to every teacher in a school flagged top_school on the roster.",
           TAP, low=0, high=1),
        _c("perf.rating_factor.{rating}", R, "rate",
           {"highly_effective": 1.0, "effective": 0.75, "developing": 0.25, "ineffective": 0.0},
           "share", "Observed-skills payout for a rating",
           "Share of the observed-skills part a teacher with this (last) rating is paid.",
           ILLUSTRATIVE, low=0, high=1),
        _c("perf.value_added_min_rating", R, "rating", "effective", "rating", "Lowest rating for value-added",
           "Teachers whose last rating is at least this are paid the value-added part.", ILLUSTRATIVE,
           choices=RATINGS),
        _c("perf.in_base", R, "integer", 0, "0 or 1", "Bonus pool in base", IN_BASE,
           "TAP bonuses are paid as bonuses", low=0, high=1,
           references=(NIET_TAP,)),
        _c("perf.rollup", R, "integer", 0, "0 or 1", "Bonus pool carries roll-up", ROLLUP,
           "cash bonuses may carry less roll-up: illustrative", low=0, high=1),
    ),
    # --- Performance pay: Q Comp-like fixed amounts with take-up ----------------------------------
    *_section("Pay components", "Q Comp-style components",
        *[p for name, label, amount in (("site_goal", "site goal", 50), ("student_goal", "student goal", 100),
                                        ("plc", "PLC participation", 150),
                                        ("practice", "practice proficiency", 950))
          for p in (
              _c(f"qcomp.{name}.amount", R, "number", 0, "$ per teacher", f"Q Comp {label}",
                 f"Fixed amount a year (per 1.0 FTE) for the {label} component.",
                 f"${amount} in the {QCOMP}; default off", low=0, high=100000,
                 references=(MN_QCOMP,)),
              _c(f"qcomp.{name}.take_up", A, "rate", 0.0, "share a year", f"Share earning the {label}",
                 f"Share of teachers who earn the {label} component in a year; its cost is amount x "
                 "take-up per FTE (an expected amount, no draw).", ILLUSTRATIVE, low=0, high=1))],
        _c("qcomp.in_base", R, "integer", 0, "0 or 1", "Q Comp pay in base", IN_BASE, ILLUSTRATIVE,
           low=0, high=1),
        _c("qcomp.rollup", R, "integer", 0, "0 or 1", "Q Comp pay carries roll-up", ROLLUP, ILLUSTRATIVE,
           low=0, high=1),
    ),
    # --- Market incentives: % of an index salary for roster flags (ProComp-like) --------------------
    *_section("Pay components", "Market incentives (ProComp-style, share of the index salary)",
        _c("market.index_salary", R, "number", 36635, "$", "Index salary",
           "Salary the market incentives are a share of; it moves with the scenario's on-scale raises.",
           PROCOMP, low=0, high=1000000, references=(DENVER_PROCOMP,)),
        _c("market.hard_to_staff_school", R, "rate", 0.0, "share of the index", "Hard-to-serve school",
           "Incentive a year (per 1.0 FTE) for a position flagged hard_to_staff_school on the roster.",
           "ProComp 6.4%; default off", low=0, high=1, references=(DENVER_PROCOMP,)),
        _c("market.hard_to_staff_subject", R, "rate", 0.0, "share of the index", "Hard-to-staff assignment",
           "Incentive a year (per 1.0 FTE) for a position flagged hard_to_staff_subject on the roster.",
           "ProComp 6.4%; default off", low=0, high=1, references=(DENVER_PROCOMP,)),
        _c("market.top_school", R, "rate", 0.0, "share of the index", "Top-performing school",
           "Incentive a year (per 1.0 FTE) for a position in a school flagged top_school on the roster.",
           "ProComp 6.4%; default off", low=0, high=1, references=(DENVER_PROCOMP,)),
        _c("market.in_base", R, "integer", 0, "0 or 1", "Market incentives in base", IN_BASE,
           "ProComp paid these as non-base bonuses", low=0, high=1,
           references=(DENVER_PROCOMP,)),
        _c("market.rollup", R, "integer", 0, "0 or 1", "Market incentives carry roll-up", ROLLUP, ILLUSTRATIVE,
           low=0, high=1),
    ),
    # --- Role stipends with slots (TAP mentor and master teachers, lead teachers) ----------------
    *_section("Pay components", "Role stipends",
        _c("role.stipend.{role}", R, "number", None, "$ a year", "Role stipend",
           "Stipend a year for each filled slot of this role (e.g. role.stipend.mentor).",
           "TAP: mentor $5,000-12,000, master $10,000-20,000 (a secondary source: publication not identified)",
           low=0, high=1000000, references=(NIET_TAP,)),
        _c("role.slots.{role}", R, "optional_number", None, "slots", "Role slots",
           "Slots of this role paid each year; roster teachers with the role hold them while they stay "
           "and the district fills the rest. Blank: as many as the roster has.", ILLUSTRATIVE,
           low=0, high=100000),
        _c("role.in_base", R, "integer", 0, "0 or 1", "Role stipends in base", IN_BASE, ILLUSTRATIVE,
           low=0, high=1),
        _c("role.rollup", R, "integer", 0, "0 or 1", "Role stipends carry roll-up", ROLLUP, ILLUSTRATIVE,
           low=0, high=1),
    ),
    # --- Banked AUs --------------------------------------------------------------------------
    *_section("Pay components", "Off-schedule payments (one-time in a year, or every year; pensionable or not)",
        _c("off_schedule.default", R, "number", 0, "$ per FTE a year", "Off-schedule payment every year",
           "A payment outside the schedule, every year (recurring), pro-rated by FTE; 0 = none.", ILLUSTRATIVE,
           low=0, high=100000),
        _c("off_schedule.{year}", R, "number", None, "$ per FTE", "Off-schedule payment in year",
           "The payment in that school year only, instead of the yearly one (a one-time payment: this year's "
           "amount, with the yearly one 0).", ILLUSTRATIVE, low=0, high=100000),
        _c("off_schedule.pensionable", R, "integer", 0, "0 or 1", "Off-schedule payments pensionable",
           "1: counted as salary and carrying the full roll-up (pension); 0: a stipend with the stipend roll-up.",
           ILLUSTRATIVE, low=0, high=1),
    ),
    *_section("Pay components", "Banked Achievement Units",
        _c("au.cashout_rate", R, "number", 0, "$ per AU", "Cash-out value of a banked AU",
           "What one banked AU would be paid if banked AUs were cashed out (a liability, not a cost).",
           "Baltimore cashed out banked AUs once in 2024; the rate was not found: "
           "illustrative, default off", low=0, high=100000),
        _c("mc.share_by_band.{band}", A, "rate", None, "share a year", "Share earning MCs, by experience",
           "Replaces mc.share_taking for teachers in this band of experience.", ILLUSTRATIVE, low=0, high=1),
        _c("mc.share_by_pathway.{pathway}", A, "rate", None, "share a year", "Share earning MCs, by pathway",
           "Replaces mc.share_taking (and the band's share) for teachers on this pathway, under pathways.",
           ILLUSTRATIVE, low=0, high=1),
    ),
)

BY_KEY = {p.key: p for p in REGISTRY}
_FAMILIES = [p for p in REGISTRY if p.placeholder]

def on_tab(tab: str, options: Callable[[Parameter], Sequence[Any]]) -> list[tuple[str, list[str]]]:
    """The keys edited on one Contract terms tab, grouped by heading, in registry order; a family's
    placeholder is filled with each of `options(family)` (the ratings, the workbook's lanes, ...)."""
    groups: dict[str, list[str]] = {}
    for p in REGISTRY:
        if p.tab == tab:
            hole = "{" + str(p.placeholder) + "}"
            keys = [p.key.replace(hole, str(v)) for v in options(p)] if p.placeholder else [p.key]
            groups.setdefault(p.heading, []).extend(keys)
    return list(groups.items())


BAND_RE = re.compile(r"^(\d+)(?:-(\d+)|\+)$")


def parse_band(text: str) -> tuple[int, float] | None:
    """'4-9' -> (4, 9); '20+' -> (20, inf); anything else -> None."""
    m = BAND_RE.match(text.strip())
    if not m:
        return None
    lo = int(m.group(1))
    hi = float(m.group(2)) if m.group(2) is not None else math.inf
    return (lo, hi) if hi >= lo else None


def check_bands(bands: list[str]) -> str | None:
    """Bands must cover 0 years and up with no gap or overlap; returns what is wrong, or None."""
    parsed = sorted((parse_band(b), b) for b in bands if parse_band(b))
    if not parsed:
        return "at least one band such as '0-3' ... '20+'"
    expect = 0
    for (lo, hi), name in parsed:
        if lo != expect:
            return f"bands that run on from {expect} years with no gap or overlap (at '{name}')"
        expect = hi + 1
    if parsed[-1][0][1] != math.inf:
        return "an open last band such as '20+'"
    return None


@dataclass
class Context:
    """What a placeholder may be: the workbook's lanes and roles."""

    lanes: tuple[str, ...] = ()
    roles: tuple[str, ...] = field(default_factory=tuple)


def find(key: str, ctx: Context) -> tuple[Parameter | None, str | None, str | None]:
    """The parameter a concrete key belongs to, its placeholder value, and what is wrong."""
    if key in BY_KEY:
        return BY_KEY[key], None, None
    for p in _FAMILIES:
        prefix = p.key.split("{")[0]
        if not key.startswith(prefix) or len(key) == len(prefix):
            continue
        value = key[len(prefix):]
        problem = _check_placeholder(p.placeholder, value, ctx)
        return p, value, problem
    return None, None, "a known parameter (see docs/workbook.md)"


def _check_placeholder(kind: str | None, value: str, ctx: Context) -> str | None:
    if kind == "year":
        ok = value.isascii() and value.isdigit() and 1950 <= int(value) <= 2200  # not '²'
        return None if ok else "a school year such as 2027"
    if kind == "rating":
        return None if value in RATINGS else f"a rating, one of {', '.join(RATINGS)}"
    if kind == "band":
        return None if parse_band(value) else "a band of years such as '4-9' or '20+'"
    if kind == "lane":
        return None if value in ctx.lanes else f"a lane of the step schedule: {', '.join(ctx.lanes)}"
    if kind == "pathway":
        return None if value in PATHWAYS else f"a pathway, one of {', '.join(PATHWAYS)}"
    if kind == "years":
        ok = value.isascii() and value.isdigit() and 1 <= int(value) <= 70
        return None if ok else "years of service from 1 to 70, such as longevity.15"
    if kind == "new_lane":
        ok = re.fullmatch(r"[A-Za-z0-9_+\-]+", value) and value not in ctx.lanes
        return None if ok else "a new lane name (letters, digits, + - _), not a lane the schedule has"
    if kind == "step":  # a published step label (6, 33, 1A); the proposal's schedule checks it is one
        ok = value.isascii() and re.fullmatch(r"[A-Za-z0-9]{1,8}", value)
        return None if ok else "a step as the schedule labels it, such as 6"
    if kind == "role":
        return None if re.fullmatch(r"[A-Za-z0-9_\-]+", value) else "a role name (letters, digits, _)"
    return None


def coerce(p: Parameter, value: Any) -> tuple[Any, str | None]:
    """Turn a cell value into the parameter's type; returns (value, what was expected if bad)."""
    if p.kind in ("choice", "pathway", "rating", "lane"):
        text = "" if value is None else str(value).strip()
        if p.kind == "rating":
            text = normalise_rating(text) or text
        allowed = p.choices or (PATHWAYS if p.kind == "pathway" else ())
        if allowed and text not in allowed:
            return None, f"one of {', '.join(allowed)}"
        if not text:
            return None, "a value"
        return text, None
    blank = value is None or (isinstance(value, str) and not value.strip())
    if p.kind == "step":
        return (None, None) if blank else _step(value)
    if blank:
        return (None, None) if p.kind == "optional_number" else (None, _number_words(p))
    number = to_number(value)
    if number is None or not math.isfinite(number):
        return None, _number_words(p)
    if p.kind == "integer" and number != int(number):
        return None, _number_words(p)
    if (p.low is not None and number < p.low) or (p.high is not None and number > p.high):
        return None, _number_words(p)
    return (int(number) if p.kind == "integer" else float(number)), None


def bound(x: float) -> str:
    """A bound as a message or the docs say it: 0.5, 100000, 10,000,000 (never Python's 1e+07)."""
    text = f"{x:g}"
    return f"{x:,.0f}" if "e+" in text and float(x).is_integer() else text


def _step(value: Any) -> tuple[Any, str | None]:
    """A step as the schedule prints it: a whole number (13) or a label (3A); the schedule checks it has it."""
    number = to_number(value)
    if number is not None and math.isfinite(number) and number == int(number) and number > 0:
        return int(number), None
    text = str(value).strip()
    return (text, None) if re.fullmatch(r"[A-Za-z0-9]{1,8}", text) else (None, "a step as the schedule prints it, "
                                                                                 "such as 13 or 3A, or blank")


def _number_words(p: Parameter) -> str:
    what = "a whole number" if p.kind == "integer" else "a number"
    if p.kind == "rate":
        what = "a share between 0 and 1 (e.g. 0.25)"
    elif p.low is not None and p.high is not None:
        what += f" from {bound(p.low)} to {bound(p.high)}"
    if p.kind == "optional_number":
        what += ", or blank"
    return what + (f" ({p.unit})" if p.unit and p.kind != "rate" else "")


def to_number(value: Any) -> float | None:
    """A number from a cell: accepts 52000, '52,000', '$52,000', '2%'; None if it is not one.

    Rounded to 15 significant digits, what a spreadsheet keeps, so a value written to a workbook
    and read back is the same value (and the fingerprint with it).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            return _excel_precision(float(value))
        except OverflowError:  # an int beyond any float
            return None
    if not isinstance(value, str):
        return None
    m = _NUMBER_TEXT.fullmatch(value.strip())
    if m is None or not any(c.isdigit() for c in m["number"]):
        return None  # also '52.000,00' and '1,5': a comma only between groups of three digits
    try:
        number = float(m["sign"] + m["number"].replace(",", "").replace(" ", ""))
    except ValueError:  # 'e5': an exponent with no digits before it
        return None
    return _excel_precision(number * (0.01 if m["percent"] else 1.0))


# Text that is a number: an optional sign and $, digits (grouped in threes by commas or spaces, or
# not grouped), a decimal part, an exponent, and an optional %.
_NUMBER_TEXT = re.compile(r"(?P<sign>[+-]?)\$?\s*(?P<number>(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d*)"
                          r"(?:\.\d*)?(?:[eE][+-]?\d+)?)\s*(?P<percent>%?)")


def _excel_precision(x: float) -> float:
    return float(f"{x:.15g}") if math.isfinite(x) else x


_RATING_WORDS = {
    "highlyeffective": "highly_effective", "he": "highly_effective", "4": "highly_effective",
    "effective": "effective", "e": "effective", "3": "effective",
    "developing": "developing", "d": "developing", "2": "developing",
    "ineffective": "ineffective", "i": "ineffective", "1": "ineffective",
}


def normalise_rating(text: str) -> str | None:
    """'Highly Effective', 'HE', 'highly_effective' -> 'highly_effective'; unknown -> None."""
    key = re.sub(r"[\s_\-]", "", str(text)).lower()
    if key.endswith(".0"):
        key = key[:-2]
    return _RATING_WORDS.get(key)


def quiet_at_default(key: str, value: Any) -> bool:
    """A pay-component key at its registry default: left out of the fingerprint and written sheets,
    so a workbook written before pay components existed keeps its fingerprint."""
    param, name, _ = find(key, Context())
    if param is None or not param.quiet_default:
        return False
    default = param.default.get(name) if isinstance(param.default, dict) else param.default
    if isinstance(value, (int, float)) and isinstance(default, (int, float)):
        return float(value) == float(default)
    return value == default
