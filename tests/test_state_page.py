"""The State page in the real app (AppTest): the bundled state costed on the local cluster."""

from models import state, synthetic_state
from tests.test_app import go, open_app


def test_the_state_page_costs_the_bundled_state_on_the_local_cluster():
    at = open_app()
    go(at, "state.py")
    assert not at.exception
    assert at.title[0].value == "State-wide costing"
    policy = at.dataframe[0].value
    assert list(policy["Part"].unique()) == ["State minimum salary", "MC incentive", "MC fees", "Mentor stipend"]
    at.slider(key="state_years").set_value(2)
    at.number_input(key="state_workers").set_value(2)
    next(b for b in at.button if b.label.startswith("Cost the policy")).click().run(timeout=300)
    assert not at.exception, [e.message for e in at.exception]
    frames = [d.value for d in at.dataframe]
    totals = next(f for f in frames if "Year" in f.columns and "District" not in f.columns)
    districts = next(f for f in frames if "Rank" in f.columns)
    assert totals["Year"].tolist() == [2025, 2026, 2027]
    assert len(districts) == 12 and districts["Rank"].tolist() == list(range(1, 13))
    serial = state.summarise(state.read_policy(synthetic_state.policy_bytes()), state.run_serial(
        state.tasks(state.district_files(synthetic_state_folder()), state.read_policy(synthetic_state.policy_bytes()),
                    2)))
    assert totals["Added by the policy"].tolist() == serial.totals["added"].round(0).tolist()


def synthetic_state_folder():
    from ui.state_run import BUNDLED

    return BUNDLED
