"""Chart builders: pure functions of tidy frames; their data and encodings, without a browser."""

import warnings

import altair as alt
import pandas as pd
import pytest

from models import metrics, workbook
from models.engine import project
from models.person import Member, member_projection
from models.terms import STATUS_QUO
from tests.conftest import PERFORMANCE
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


def rows_of(d: dict) -> list[dict]:
    """The rows of a chart stacked with vconcat (each with its own data), or the chart itself."""
    return [{**row, "datasets": d["datasets"]} for row in d["vconcat"]] if "vconcat" in d else [d]


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
    assert lines["encoding"]["color"]["scale"]["domain"] == NAMES + [charts.BUDGET]
    assert lines["encoding"]["y"]["axis"]["format"].startswith("$")
    assert budget["encoding"]["y"]["field"] == "budget"
    dash = budget["encoding"]["strokeDash"]["scale"]
    assert dash["range"][dash["domain"].index(charts.BUDGET)] == charts.BUDGET_DASH
    datasets = d["datasets"]
    assert sum(len(v) for v in datasets.values()) == len(tables["yearly"]) + tables["yearly"]["year"].nunique()


def test_no_budget_line_without_a_budget(tables):
    chart = charts.total_cost_by_year(tables["yearly"].assign(budget=None), NAMES)
    assert "layer" not in spec(chart)


def test_cost_components_draw_salary_stipends_and_rollup_a_row_each(tables):
    d = spec(charts.cost_components(tables["components"], NAMES))
    rows = rows_of(d)
    assert d["title"] == "What the cost is made of" and [r["title"]["text"] for r in rows] == [
        "Salary", "Stipends", "Roll-up"]
    assert all(r["encoding"]["xOffset"]["field"] == "scenario" for r in rows) and d["resolve"]["scale"]["y"] == \
        "independent"
    assert [r["encoding"]["x"]["title"] for r in rows] == [None, None, charts.YEAR_TITLE]  # the years named once


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


def _layers(d: dict) -> list[dict]:
    """Every drawn layer of a chart spec (layers, and facets' inner specs)."""
    if "layer" in d:
        return [x for layer in d["layer"] for x in _layers(layer)]
    if "spec" in d:
        return _layers(d["spec"])
    if "vconcat" in d:
        return [x for row in d["vconcat"] for x in _layers(row)]
    return [d]


def _rows(d: dict, layer: dict) -> list[dict]:
    name = (layer.get("data") or d.get("data") or {}).get("name")
    return d["datasets"][name] if name else []


def legend_problems(chart) -> list[str]:
    """What a room could not read: a mark whose colour no legend names, a value missing from its colour
    scale, two values sharing a colour, lines told apart by nothing but colour."""
    d = chart.to_dict()
    problems = []
    for layer in _layers(d):
        mark = layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        if mark == "rule":
            continue  # the zero line of a bar chart: an axis mark, not data
        colour = layer.get("encoding", {}).get("color")
        if not colour or "field" not in colour or colour.get("legend", {}) is None:
            problems.append(f"a {mark} mark has no colour legend")
            continue
        scale = colour.get("scale", {})
        if "domain" in scale and "range" in scale:
            values = {str(r[colour["field"]]) for r in _rows(d, layer) if colour["field"] in r}
            missing = values - set(scale["domain"])
            if missing:
                problems.append(f"{sorted(missing)} not in the colour legend")
            distinct = len(set(map(str, scale["range"][:len(scale["domain"])])))
            if distinct < len(scale["domain"]):
                problems.append(f"{colour['field']}: {len(scale['domain'])} values in {distinct} colours")
        faint = layer["mark"].get("opacity", 1) < 1 if isinstance(layer["mark"], dict) else False
        if faint and colour.get("legend", {}).get("symbolOpacity", 0) < 1:  # Vega-Lite's default: the mark's
            problems.append(f"a translucent {mark}'s legend symbols drawn as faintly")
        if mark == "line" and "strokeDash" not in layer["encoding"]:
            problems.append("lines told apart by colour only (one can hide another)")
    return problems


def test_every_mark_is_in_its_legend_with_a_colour_of_its_own(tables, baltimore):
    for chart in (charts.total_cost_by_year(tables["yearly"], NAMES),
                  charts.cost_components(tables["components"], NAMES),
                  charts.pay_components(metrics.component_lines(project(baltimore)), NAMES),
                  charts.cumulative_difference(tables["yearly"], NAMES),
                  charts.budget_gap(tables["yearly"], NAMES),
                  charts.cost_growth(tables["growth"], "Union offer"),
                  charts.retention_curves(tables["overall"], NAMES),
                  charts.turnover(tables["yearly"], NAMES),
                  charts.experienced(tables["overall"], NAMES),
                  charts.salary_distribution(tables["percentiles"], NAMES),
                  charts.gains_by_stage(tables["gains"], NAMES)):
        assert legend_problems(chart) == [], chart.to_dict().get("title")


@pytest.mark.parametrize("build, table", [(charts.cumulative_difference, "yearly"), (charts.gains_by_stage, "gains")])
def test_a_chart_of_proposals_against_the_status_quo_builds_with_none_compared_without_a_warning(build, table,
                                                                                                   tables):
    """Nothing compared: only the status quo's rows, which these charts leave out. Altair warned it could not infer
    a type from an empty column (seen in the Bargaining table's test output)."""
    frame = tables[table]
    alone = frame[frame["scenario"] == STATUS_QUO]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        built = spec(build(alone, [STATUS_QUO]))
    assert built["datasets"][built["data"]["name"]] == []


def test_every_cost_growth_cause_has_a_colour_of_its_own(tables):
    colour = spec(charts.cost_growth(tables["growth"], "Union offer"))["encoding"]["color"]["scale"]
    assert len(colour["domain"]) == len(set(colour["range"])) == len(metrics.GROWTH_WORDS) >= 8


def test_component_charts_keep_each_scenario_in_its_colour_and_tell_parts_apart_by_row(tables):
    """Every scenario in its fixed colour (no scenario, no part told apart by shade), every part on its own row:
    on the performance-pay sample's offers, each paying its own components. Rows stacked with vconcat (no facet),
    so Streamlit stretches the chart to its column on a phone or a projector."""
    performance = workbook.read(PERFORMANCE)
    names = [STATUS_QUO] + [p.name for p in performance.proposals]
    lines = metrics.component_lines(project(performance, horizon=3))
    paid = lines[lines.groupby("line")["amount"].transform(lambda a: a.abs().sum()) > 0]
    for chart, shown in ((charts.cost_components(tables["components"], NAMES), NAMES),
                         (charts.pay_components(paid, names), names)):
        d = spec(chart)
        fixed = charts.scenario_colours(shown).to_dict()
        parts = []
        for row in rows_of(d):
            colour = row["encoding"]["color"]
            assert colour["field"] == "scenario", d["title"]
            assert (colour["scale"]["domain"], colour["scale"]["range"]) == (fixed["domain"], fixed["range"])
            assert not {"opacity", "fillOpacity", "shape"} & set(row["encoding"]), d["title"]  # nothing by shade
            assert "facet" not in row and "row" not in row["encoding"]  # a facet cannot stretch to its column
            held = {r["part"] for r in _rows(row, row)}
            assert len(held) == 1, d["title"]
            parts += held
        assert len(parts) >= 3 and len(set(parts)) == len(parts), d["title"]
        assert legend_problems(chart) == [], d["title"]


def test_bands_run_in_experience_order_and_lanes_in_schedule_order(tables, baltimore):
    gains = spec(charts.gains_by_stage(tables["gains"], NAMES))
    assert gains["encoding"]["x"]["sort"] == ["0-3", "4-9", "10-19", "20+"]
    bands = list(dict.fromkeys(tables["gains"]["band"]))
    assert bands == ["0-3", "4-9", "10-19", "20+"]
    counts = metrics.scattergram(baltimore)
    lanes = list(baltimore.baseline.step_schedule.lanes)
    assert list(dict.fromkeys(counts["lane"])) == lanes
    assert spec(charts.scattergram(counts))["encoding"]["y"]["sort"] == lanes
    heat = spec(charts.distribution_heatmap(tables["distribution"], STATUS_QUO, 2012))
    assert heat["encoding"]["y"]["sort"] == lanes and heat["height"] == {"step": charts.ROW}


def test_the_budget_line_of_the_cost_fan_is_in_the_legend(baltimore):
    from models import risk
    fan, _ = risk.uncertainty(baltimore, replicates=3)
    assert legend_problems(charts.cost_fan(fan, NAMES)) == []


def test_the_fan_charts_legend_draws_each_scenario_as_its_line_at_full_strength(baltimore):
    """The bands stay faint (they overlap); their legend does not take their opacity: each entry is its scenario's
    median line, colour and dash, opaque. Left to Vega-Lite the symbols took the bands' 0.18: faint blobs, the
    budget's black line a pale grey one."""
    from models import risk
    fan, _ = risk.uncertainty(baltimore, replicates=3)
    band, line, budget = spec(charts.cost_fan(fan, NAMES))["layer"]
    assert band["mark"]["type"] == "area" and band["mark"]["opacity"] < 0.5
    for layer in (band, line):  # one legend, merged from the layers: the same on each
        legend = layer["encoding"]["color"]["legend"]
        assert legend["symbolOpacity"] == 1 and legend["symbolType"] == "stroke", legend
        assert legend["symbolStrokeWidth"] >= 2
    assert line["encoding"]["strokeDash"]["field"] == budget["encoding"]["strokeDash"]["field"] == "scenario"


def test_long_titles_are_drawn_on_lines_a_phone_holds():
    """Vega-Lite cuts a title at the chart's edge: "...median and 10th to 90th percentil" on a phone."""
    title = "Total cost by year: median and 10th to 90th percentile"
    for chart in (alt.Chart(pd.DataFrame({"a": [1]}), title=title).mark_point(),
                  alt.Chart(pd.DataFrame({"a": [1]}), title=alt.Title(title, anchor="start")).mark_point(),
                  alt.vconcat(alt.Chart(pd.DataFrame({"a": [1]})).mark_point(), title=title)):
        drawn = charts.wrapped_title(chart).to_dict()["title"]
        lines = drawn["text"] if isinstance(drawn, dict) else drawn
        assert " ".join(lines) == title and max(map(len, lines)) <= charts.TITLE_LINE
    layered = charts.wrapped_title(alt.Chart(pd.DataFrame({"a": [1]}), title=title).mark_point()
                                   + alt.Chart(pd.DataFrame({"a": [1]})).mark_line()).to_dict()
    assert max(map(len, layered["layer"][0]["title"])) <= charts.TITLE_LINE
    short = alt.Chart(pd.DataFrame({"a": [1]}), title="Cost by year").mark_point()
    assert charts.wrapped_title(short).to_dict()["title"] == "Cost by year"
