"""Chart builders: pure functions of tidy frames; their data and encodings, without a browser."""

import pytest

from models import metrics
from models.engine import project
from models.person import Member, member_projection
from models.terms import STATUS_QUO
from ui import charts

NAMES = [STATUS_QUO, "District offer", "Union offer"]


@pytest.fixture(scope="module")
def tables(baltimore):
    runs = project(baltimore)
    stayers = project(baltimore, separations=False)
    gains = metrics.who_gains(stayers, baltimore)
    return {"yearly": metrics.yearly(runs, baltimore), "components": metrics.cost_components(runs),
            "growth": metrics.cost_growth(runs), "distribution": metrics.distribution(runs),
            "percentiles": metrics.salary_percentiles(runs, baltimore),
            "overall": metrics.overall_retention(runs, baltimore), "gains": metrics.gains_summary(gains)}


def spec(chart):
    return chart.to_dict()


def test_scenario_colours_are_fixed_and_status_quo_is_grey():
    scale = charts.scenario_colours(NAMES).to_dict()
    assert scale["domain"] == NAMES and scale["range"][0] == charts.STATUS_QUO_COLOUR
    only_union = charts.scenario_colours([STATUS_QUO, "Union offer"]).to_dict()
    assert only_union["range"][1] == charts.PALETTE[0]
    assert len(set(charts.PALETTE)) == len(charts.PALETTE)


def test_total_cost_has_a_line_per_scenario_and_the_budget(tables):
    d = spec(charts.total_cost_by_year(tables["yearly"], NAMES))
    lines, budget = d["layer"]
    assert lines["encoding"]["y"]["field"] == "total_cost" and lines["encoding"]["x"]["field"] == "year"
    assert lines["encoding"]["color"]["scale"]["domain"] == NAMES
    assert lines["encoding"]["y"]["axis"]["format"].startswith("$")
    assert budget["encoding"]["y"]["field"] == "budget" and budget["mark"]["strokeDash"]
    datasets = d["datasets"]
    assert sum(len(v) for v in datasets.values()) == len(tables["yearly"]) + tables["yearly"]["year"].nunique()


def test_no_budget_line_without_a_budget(tables):
    chart = charts.total_cost_by_year(tables["yearly"].assign(budget=None), NAMES)
    assert "layer" not in spec(chart)


def test_cost_components_stack_salary_stipends_and_rollup(tables):
    d = spec(charts.cost_components(tables["components"], NAMES))
    assert d["encoding"]["y"]["stack"] == "zero" and d["encoding"]["xOffset"]["field"] == "scenario"
    assert d["encoding"]["color"]["sort"] == ["Salary", "Stipends", "Roll-up"]


def test_growth_distribution_and_gains_charts(tables):
    growth = spec(charts.cost_growth(tables["growth"], "Union offer"))
    assert growth["title"].endswith("Union offer")
    rows = next(iter(growth["datasets"].values()))
    assert {r["scenario"] for r in rows} == {"Union offer"}
    heat = spec(charts.distribution_heatmap(tables["distribution"], "District offer", 2014))
    assert heat["mark"]["type"] == "rect" and heat["encoding"]["y"]["title"] == "Pathway"
    sq_heat = spec(charts.distribution_heatmap(tables["distribution"], STATUS_QUO, 2014))
    assert sq_heat["encoding"]["y"]["title"] == "Lane" and sq_heat["encoding"]["x"]["title"] == "Step"
    gains = spec(charts.gains_by_stage(tables["gains"], NAMES))
    assert STATUS_QUO not in {r["scenario"] for r in next(iter(gains["datasets"].values()))}
    assert gains["encoding"]["y"]["axis"]["format"] == "%"


def test_retention_and_salary_charts(tables):
    keep = spec(charts.retention_curves(tables["overall"], NAMES))
    assert keep["encoding"]["y"]["scale"]["domain"] == [0, 1]
    band = spec(charts.salary_distribution(tables["percentiles"], NAMES))
    assert band["layer"][0]["encoding"]["y2"]["field"] == "p90"
    assert charts.turnover(tables["yearly"], NAMES).to_dict()["encoding"]["y"]["field"] == "separations"


def test_member_chart(baltimore):
    frame = member_projection(baltimore, Member(4, "MA", 5))
    d = spec(charts.member_salary(frame, NAMES))
    assert d["encoding"]["y"]["field"] == "salary" and d["title"] == "Your salary by year"
    assert spec(charts.member_salary(frame, NAMES, "cumulative_earnings"))["encoding"]["y"]["field"] == \
        "cumulative_earnings"
