"""Tables in the users' words: headings, money as money, the status quo first; one ordering rule."""

import pandas as pd

from models import order, words


def test_money_is_shown_as_money_and_headings_in_words():
    table = pd.DataFrame({"scenario": ["Union offer", "Status quo"], "year": [2012, 2012],
                          "gross_movement_cost": [-37_609_647.2, 2_944_223.3149], "share_better_off": [0.5, 0.25]})
    html = words.styled(table).to_html()
    assert "-$37,609,647" in html and "$2,944,223" in html and "$-" not in html and "2944223.3149" not in html
    assert "Step cost (gross)" in html and "gross_movement_cost" not in html and "50.0%" in html
    shown = words.readable(table)
    assert list(shown["Scenario"]) == ["Status quo", "Union offer"]  # the status quo first
    assert words.heading("top_up_with_rollup") == "Top-up with roll-up"


def test_one_ordering_rule_for_bands_lanes_and_pathways():
    assert order.bands(["0-3", "4-9", "20+", "10-19"]) == ["0-3", "4-9", "10-19", "20+"]
    lanes = ["BA", "MA", "MA+30", "PhD"]
    assert order.groups(["MA", "BA", "MA+30", "PhD"], lanes=lanes) == lanes
    assert order.groups(["Model", "Standard", "Lead", "Professional"]) == ["Standard", "Professional", "Model", "Lead"]
    assert order.scenarios(["Union offer", "Status quo", "District offer"]) == [
        "Status quo", "Union offer", "District offer"]
