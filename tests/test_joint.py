"""The joint table's store: seats, caucus drafts, tabling, versions, new links, two writers, a restart."""

from __future__ import annotations

import functools
import io
import multiprocessing
from pathlib import Path

import openpyxl
import pytest

from models import workbook
from models.joint import IN_WORKBOOK, BadOffer, JointStore, NotAllowed, cost_comparison, export, on_screen
from models.terms import MAX_NOTE, MAX_OVERRIDES, MAX_PROPOSALS, Proposal, Terms, admit_offer, admit_proposals
from tests.conftest import SMALL

OFFER = Proposal("District offer", (("raise.2026", 0.02),))


@functools.cache
def base() -> Terms:
    """The table's baseline terms, which every draft and offer is checked against."""
    return workbook.read(SMALL).baseline


@pytest.fixture
def opened(tmp_path):
    store = JointStore(tmp_path / "desks.sqlite")
    made = store.open_table("Small district", SMALL.read_bytes(), [(OFFER, "AAAA-BBBB-CCCC")])
    return store, made, {role: store.seat(token) for role, token in made.tokens.items()}


def test_a_table_seats_each_side_and_the_projector_by_their_own_tokens(opened):
    store, made, seats = opened
    assert {s.role for s in seats.values()} == {"district", "union", "view"}
    assert len({s.table_id for s in seats.values()}) == 1
    assert len(set(made.tokens.values())) == 3 and all(len(t) >= 24 for t in made.tokens.values())
    assert store.seat("planted-by-a-link-0001") is None
    assert store.join_code(made.code.lower().replace("-", " ")).role == "view"  # the code seats a viewer only
    assert store.join_code("ZZZZ-ZZZZ") is None


def test_the_workbooks_own_offers_are_recorded_as_in_the_workbook(opened):
    store, _, seats = opened
    offers = store.offers(seats["view"])
    assert offers[["proposal", "version", "side", "fingerprint"]].values.tolist() == [
        ["District offer", 1, IN_WORKBOOK, "AAAA-BBBB-CCCC"]]


def test_a_draft_is_the_sides_own_until_it_is_tabled(opened):
    store, _, seats = opened
    counter = Proposal("District offer", (("raise.2026", 0.03),))
    store.save_drafts(seats["district"], [counter], base())
    assert store.drafts(seats["district"]) == [counter]
    assert store.drafts(seats["union"]) is None and store.drafts(seats["view"]) is None
    assert store.latest(seats["union"]) == [OFFER]  # the other side sees the tabled version only
    version = store.table_offer(seats["district"], counter, "DDDD-EEEE-FFFF", base())
    assert version == 2
    assert store.latest(seats["union"]) == [counter] and store.latest(seats["view"]) == [counter]
    history = store.offers(seats["union"])
    assert history[["version", "side"]].values.tolist() == [[1, IN_WORKBOOK], [2, "district"]]
    assert store.version(seats["view"], "District offer", 1) == OFFER  # never changed in place


def test_tabling_raises_the_revision_every_screen_watches(opened):
    store, _, seats = opened
    before = store.revision(seats["view"])
    store.table_offer(seats["union"], Proposal("Union counter", (("raise.2026", 0.04),)), "X", base())
    assert store.revision(seats["view"]) == before + 1
    store.save_drafts(seats["district"], [Proposal("Private", ())], base())
    assert store.revision(seats["view"]) == before + 1  # a draft is nobody else's business


def test_the_projector_can_only_view(opened):
    store, _, seats = opened
    with pytest.raises(NotAllowed):
        store.table_offer(seats["view"], OFFER, "X", base())
    with pytest.raises(NotAllowed):
        store.save_drafts(seats["view"], [OFFER], base())
    with pytest.raises(NotAllowed):
        store.new_token(seats["view"])
    with pytest.raises(NotAllowed):
        store.tokens(seats["view"])


def test_a_side_never_gets_the_other_sides_link(opened):
    store, made, seats = opened
    assert store.tokens(seats["district"]) == {"district": made.tokens["district"], "view": made.tokens["view"]}


def test_a_new_token_stops_the_old_link_at_once(opened):
    store, made, seats = opened
    fresh = store.new_token(seats["union"])
    assert store.seat(made.tokens["union"]) is None
    assert store.seat(fresh).role == "union"
    with pytest.raises(NotAllowed):  # a screen still holding the old seat can no longer table
        store.table_offer(seats["union"], OFFER, "X", base())
    store.table_offer(store.seat(fresh), Proposal("Union counter", ()), "Y", base())


def _table_many(path: str, token: str, name: str, count: int) -> None:
    store = JointStore(path)
    seat = store.seat(token)
    for i in range(count):
        store.table_offer(seat, Proposal(name, (("raise.2026", 0.001 * i),)), f"F{i}", base())


def test_two_sides_tabling_at_the_same_moment_both_land(opened, tmp_path):
    store, made, seats = opened
    path = str(tmp_path / "desks.sqlite")
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=_table_many, args=(path, made.tokens[side], "Shared offer", 25))
               for side in ("district", "union")]
    for w in writers:
        w.start()
    for w in writers:
        w.join(120)
    assert [w.exitcode for w in writers] == [0, 0]
    shared = store.offers(seats["view"]).query("proposal == 'Shared offer'")
    assert sorted(shared["version"]) == list(range(1, 51))
    assert shared["side"].value_counts().to_dict() == {"district": 25, "union": 25}


def test_two_sides_tabling_a_new_offer_at_once_when_one_place_is_left_give_the_bound_not_more(opened, tmp_path):
    """Every screen shows MAX_PROPOSALS offers: at 19 tabled, two screens (each its own handle on the one file)
    tabling a new one at the same moment land one, and the other is told why; re-tabling stays allowed."""
    import threading
    store, made, seats = opened
    for k in range(MAX_PROPOSALS - 2):  # and the workbook's own: 19
        store.table_offer(seats["district"], Proposal(f"Offer {k}", (("raise.2026", 0.01),)), "X", base())
    screens = {side: JointStore(tmp_path / "desks.sqlite") for side in ("district", "union")}
    start, answers = threading.Barrier(2), {}

    def table(side: str) -> None:
        handle = screens[side]
        seat = handle.seat(made.tokens[side])
        start.wait()
        try:
            answers[side] = handle.table_offer(seat, Proposal(f"{side} new", (("raise.2026", 0.02),)), "X", base())
        except BadOffer as exc:
            answers[side] = str(exc)

    writers = [threading.Thread(target=table, args=(side,)) for side in screens]
    for w in writers:
        w.start()
    for w in writers:
        w.join(60)
    assert sorted(map(type, answers.values()), key=str) == [int, str], answers
    refused = next(a for a in answers.values() if isinstance(a, str))
    assert "cannot be tabled: the table already holds 20 offers (at most 20 at one table)" in refused, refused
    assert store.offers(seats["view"])["proposal"].nunique() == MAX_PROPOSALS
    assert store.table_offer(seats["union"], Proposal("Offer 3", (("raise.2026", 0.03),)), "X", base()) == 2
    tabled, shown, problems = on_screen(store.latest(seats["view"]), None, base())
    assert len(shown) == MAX_PROPOSALS and not problems.items  # every screen shows every tabled offer


def test_the_store_keeps_a_draft_and_an_offer_as_admitted_not_as_given(opened):
    """A note past MAX_NOTE is cut and changes are kept as typed values when written, as every other way in
    keeps them (models.terms.admit_offer), not only when read back."""
    import sqlite3
    store, _, seats = opened
    given = Proposal("Counter", ((" raise.2026 ", "3%"), ("lead.slots", 25.0)), "n" * (MAX_NOTE + 500))
    admitted = admit_offer(given.name, given.as_dict(), given.note, base())[0]
    assert admitted.overrides == (("raise.2026", 0.03), ("lead.slots", 25)) and len(admitted.note) == MAX_NOTE
    store.save_drafts(seats["union"], [given], base())
    store.table_offer(seats["district"], given, "X", base())
    with sqlite3.connect(store.path) as db:
        kept = db.execute("SELECT overrides, note FROM joint_drafts UNION ALL SELECT overrides, note FROM "
                          "joint_offers WHERE proposal='Counter'").fetchall()
    assert kept == [('[["raise.2026", 0.03], ["lead.slots", 25]]', "n" * MAX_NOTE)] * 2
    assert store.drafts(seats["union"]) == [admitted] and store.latest(seats["view"])[-1] == admitted


def test_a_restart_loses_nothing_tabled_or_drafted(opened, tmp_path):
    store, made, seats = opened
    store.save_drafts(seats["union"], [Proposal("Union draft", (("raise.2027", 0.05),))], base())
    store.table_offer(seats["district"], Proposal("District counter", ()), "X", base())
    again = JointStore(tmp_path / "desks.sqlite")  # a new server process opens the same file
    union = again.seat(made.tokens["union"])
    assert again.drafts(union) == [Proposal("Union draft", (("raise.2027", 0.05),))]
    assert [p.name for p in again.latest(union)] == ["District offer", "District counter"]


def test_the_latest_versions_keep_the_order_offers_were_first_tabled(opened):
    """A new version of the first offer keeps its place: the same offers in another order would be
    another list of scenarios on screen (and another fingerprint)."""
    store, _, seats = opened
    store.table_offer(seats["union"], Proposal("Union offer", ()), "X", base())
    store.table_offer(seats["district"], Proposal("District offer", (("raise.2026", 0.05),)), "Y", base())
    assert [p.name for p in store.latest(seats["view"])] == ["District offer", "Union offer"]


def test_the_ledger_exports_every_version_with_its_fingerprint(opened):
    store, _, seats = opened
    store.table_offer(seats["union"], Proposal("=cmd|' /C calc'!A0", (("raise.2026", 0.01),)), "GGGG-HHHH-IIII", base())
    book = openpyxl.load_workbook(io.BytesIO(export(store.offers(seats["view"]))))
    rows = list(book["Tabled offers"].iter_rows(values_only=True))
    header = rows[0]
    assert {"proposal", "version", "tabled by", "fingerprint"} <= set(header)
    assert [r[header.index("fingerprint")] for r in rows[1:]] == ["AAAA-BBBB-CCCC", "GGGG-HHHH-IIII"]
    assert all(c.data_type != "f" for row in book["Tabled offers"].iter_rows() for c in row)


def test_two_versions_compare_in_cost_by_year_and_over_the_horizon():
    inputs = workbook.read(SMALL)
    first, second = Proposal("A v1", ()), Proposal("A v2", (("raise.2026", 0.02),))
    table = cost_comparison(inputs.with_proposals((first, second)), "A v1", "A v2")
    assert list(table.columns) == ["year", "A v1", "A v2", "difference"]
    assert table["year"].iloc[-1] == "over the horizon"
    later = table.iloc[1:-1]
    assert (later["difference"] > 0).all()
    assert table["difference"].iloc[-1] == pytest.approx(later["difference"].sum())


def test_the_store_is_the_desk_stores_file(tmp_path, monkeypatch):
    monkeypatch.setenv("PATHWAYS_DATA_DIR", str(tmp_path))
    assert JointStore().path == Path(tmp_path) / "desks.sqlite"


# --- names: the one check of every way in (models.terms.name_problem), through the joint store -----------
HOSTILE = {"empty": "", "Status quo": "Status quo", "Status quo with a zero-width space": "Status\u200b quo",
           "a million characters": "x" * 1_000_000}
LINK = "[Sign in again](http://example.invalid/x)"


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_hostile_name_is_neither_drafted_nor_tabled(opened, kind):
    store, _, seats = opened
    bad = Proposal(HOSTILE[kind], (("raise.2026", 0.03),))
    with pytest.raises(BadOffer) as refused:
        store.save_drafts(seats["district"], [bad], base())
    assert len(str(refused.value)) < 300 and "expected" in str(refused.value)
    with pytest.raises(BadOffer):
        store.table_offer(seats["district"], bad, "DDDD-EEEE-FFFF", base())
    assert store.drafts(seats["district"]) is None and store.latest(seats["union"]) == [OFFER]  # nothing written


# What the one check of an offer (models.terms.admit_offer) refuses on a link or a desk, the table refuses too.
REFUSED = {"an unknown rule": (("no_such_rule", 1),), "a raise in words": (("raise.2026", "lots"),),
           "a lane the schedule lacks": (("step_salary.PhD.3", 60_000),),
           "a salary below zero": (("step_salary.BA.1", -3),),
           "a million-character rule": (("x" * 1_000_000, 1),),
           "a million-character lane": (("hire.lane", "y" * 1_000_000),),
           "too many changes": tuple((f"raise.{k}", 0.01) for k in range(MAX_OVERRIDES + 1))}


@pytest.mark.parametrize("kind", list(REFUSED))
def test_the_table_refuses_what_a_link_or_desk_refuses(opened, kind):
    store, _, seats = opened
    bad = Proposal("Counter", REFUSED[kind])
    admitted, problems = admit_proposals([(bad.name, bad.as_dict(), bad.note)], base(), "Link")
    assert admitted == [] and problems.items
    with pytest.raises(BadOffer) as refused:
        store.save_drafts(seats["district"], [bad], base())
    assert str(refused.value).startswith("'Counter' cannot be tabled or kept: ") and len(str(refused.value)) < 300
    with pytest.raises(BadOffer):
        store.table_offer(seats["district"], bad, "DDDD-EEEE-FFFF", base())
    assert store.drafts(seats["district"]) is None and store.latest(seats["union"]) == [OFFER]  # nothing written


def test_two_drafts_of_one_name_are_refused_in_words_not_by_the_database(opened):
    store, _, seats = opened
    for twins in (["Counter", "Counter"], ["Counter", "counter"]):
        with pytest.raises(BadOffer, match="no other proposal"):
            store.save_drafts(seats["union"], [Proposal(n, (("raise.2026", 0.03),)) for n in twins], base())
    with pytest.raises(BadOffer, match="no other proposal"):  # a twin of a tabled offer in another case
        store.table_offer(seats["union"], Proposal("district OFFER", (("raise.2026", 0.03),)), "DDDD-EEEE-FFFF", base())
    assert store.table_offer(seats["union"], Proposal("District offer", (("raise.2026", 0.04),)), "X", base()) == 2


def test_a_markdown_name_is_kept_as_typed(opened):
    store, _, seats = opened
    offer = Proposal(LINK, (("raise.2026", 0.03),))
    store.table_offer(seats["union"], offer, "DDDD-EEEE-FFFF", base())
    assert store.latest(seats["district"])[-1] == offer


def _behind_the_apps_back(store: JointStore, seat, rows: list[tuple[str, str]]) -> None:
    """Offers and drafts written into the store by hand (an old or altered file): the store is input too."""
    import sqlite3
    with sqlite3.connect(store.path) as db:
        for k, (name, where) in enumerate(rows):
            if where == "tabled":
                db.execute("INSERT INTO joint_offers (table_id, proposal, version, side, tabled, overrides, note, "
                           "fingerprint) VALUES (?, ?, 1, 'union', 'now', ?, '', 'X')",
                           (seat.table_id, name, '[["raise.2026", 0.05]]'))
            else:
                db.execute("INSERT INTO joint_drafts VALUES (?, ?, ?, ?, ?, '')",
                           (seat.table_id, seat.side, k, name, '[["raise.2026", 0.06]]'))


STORED = [(name, "tabled") for name in HOSTILE.values()] + [("district offer", "tabled"), (LINK, "tabled"),
                                                            ("Status quo\u2060", "draft"), ("Fine", "draft")]


def test_offers_and_drafts_read_from_the_store_pass_the_name_check(opened, small):
    store, _, seats = opened
    _behind_the_apps_back(store, seats["district"], STORED)
    tabled, shown, problems = on_screen(store.latest(seats["district"]), store.drafts(seats["district"]),
                                        small.baseline)
    assert [p.name for p in tabled] == ["District offer", LINK]
    assert [p.name for p in shown] == ["District offer", LINK, "Fine"]
    assert len(problems.items) == 6 and all(len(str(p)) < 400 for p in problems.items)
    assert sum("no other proposal" in str(p) for p in problems.items) == 1  # 'district offer'


# --- the store's bounds for tables ------------------------------------------------------------------------
def test_a_table_untouched_for_the_retention_days_is_deleted_with_its_ledger(opened):
    import sqlite3
    from datetime import UTC, datetime, timedelta

    from models.ledger import RETENTION_DAYS
    store, made, seats = opened
    fresh = store.open_table("Small district", SMALL.read_bytes(), [])
    later = datetime.now(UTC) + timedelta(days=RETENTION_DAYS, hours=1)
    store.save_drafts(store.seat(fresh.tokens["district"]), [OFFER], base())  # drafting touches a table
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE joint_tables SET updated=? WHERE id=?",
                   ((later - timedelta(days=1)).isoformat(), store.seat(fresh.tokens["district"]).table_id))
    assert store.expire(now=later) == 1
    assert store.seat(made.tokens["union"]) is None and store.seat(fresh.tokens["view"]) is not None
    with sqlite3.connect(store.path) as db:
        assert db.execute("SELECT COUNT(*) FROM joint_offers").fetchone()[0] == 0  # its ledger went with it


def test_past_the_bounds_the_oldest_tables_go_first(tmp_path, monkeypatch):
    from models import joint
    monkeypatch.setattr(joint, "MAX_TABLES", 3)
    store = JointStore(tmp_path / "desks.sqlite")
    made = [store.open_table(f"t{k}", SMALL.read_bytes(), []) for k in range(5)]
    assert [store.seat(m.tokens["view"]) is not None for m in made] == [False, False, True, True, True]
    monkeypatch.setattr(joint, "MAX_TABLE_BYTES", 2 * len(SMALL.read_bytes()) + 10)
    newest = store.open_table("t5", SMALL.read_bytes(), [])
    assert [store.seat(m.tokens["view"]) is not None for m in made[2:] + [newest]] == [False, False, True, True]


def test_the_table_store_is_readable_by_the_servers_user_only(tmp_path):
    import stat
    store = JointStore(tmp_path / "fresh" / "desks.sqlite")  # the joint store opened first
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
