"""The printable workshop handout: self-contained HTML with the charts as real PNG images."""

import base64
import re

from models import workbook, workshop
from tests.conftest import SMALL
from ui import charts, handout


def test_handout_embeds_png_charts_and_the_exercises():
    inputs = workbook.read(SMALL)
    exercise = workshop.find("three_percent")
    head, yearly = workshop.figures(inputs)
    status = exercise.check(workshop.situation(exercise, inputs, inputs, (head, yearly), (head, yearly)))
    names = ["Status quo"] + [p.name for p in inputs.proposals]
    page = handout.handout(inputs.title, inputs.fingerprint, [exercise], head, yearly, names,
                           {exercise.key: status})
    images = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert images and base64.b64decode(images[0])[:8] == b"\x89PNG\r\n\x1a\n"
    assert exercise.title in page and inputs.fingerprint in page and "Not yet" in page
    assert "Facilitator notes" not in page and "<script" not in page
    with_notes = handout.handout(inputs.title, inputs.fingerprint, [exercise], head, yearly, names,
                                 facilitator_notes=True)
    assert "Facilitator notes" in with_notes and "2.48%" in with_notes


def test_names_from_a_workbook_are_escaped_in_the_handout():
    inputs = workbook.read(SMALL)
    head, yearly = workshop.figures(inputs)
    head = head.assign(scenario=head["scenario"].replace({"Schedule raise": "<b onclick=x>Raise</b>"}))
    page = handout.handout("<script>alert(1)</script>", "0000-0000-0000", [], head, yearly,
                           list(head["scenario"]))
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "<b onclick" not in page


def test_presenter_charts_carry_larger_labels():
    inputs = workbook.read(SMALL)
    _, yearly = workshop.figures(inputs)
    spec = charts.for_presenter(charts.total_cost_by_year(yearly, ["Status quo"])).to_dict()
    assert spec["config"]["axis"]["labelFontSize"] >= 16 and spec["config"]["line"]["strokeWidth"] >= 3


def test_my_pay_page_prints_each_offer_year_by_year():
    from models.person import Member, how_you_move, member_projection, year_by_year
    inputs = workbook.read(SMALL)
    member = Member(5, inputs.baseline.step_schedule.lanes[0], 6, pd_hours_per_year=15)
    frame = member_projection(inputs, member)
    terms = dict(inputs.scenarios(None))
    page = handout.my_pay(inputs.title, inputs.fingerprint, member,
                          {s: how_you_move(frame, s, t, member) for s, t in terms.items()},
                          {s: year_by_year(frame, s, t, member) for s, t in terms.items()}, step_label="6")
    assert "My pay under these offers" in page and inputs.fingerprint in page
    assert page.count("<tr>") == 1 + frame["year"].nunique()  # one row a year, every offer across
    assert "<script" not in page and "http" not in page.replace("http-equiv", "")


def test_my_pay_page_names_the_step_as_the_schedule_prints_it():
    """A published schedule's step 2 is '3A' (steps 1 and 2 reserved, then 3, 3A, 4, 50): the page says 3A."""
    from models.person import Member, member_projection, year_by_year
    from tests.test_published_schedules import PUBLISHED, TEACHERS, book
    inputs = workbook.read(book(PUBLISHED, TEACHERS))
    sched = inputs.baseline.step_schedule
    member = Member(1, "MA", 2)
    frame = member_projection(inputs, member)
    terms = dict(inputs.scenarios(None))
    page = handout.my_pay(inputs.title, inputs.fingerprint, member, {},
                          {s: year_by_year(frame, s, t, member) for s, t in terms.items()},
                          step_label=sched.label(member.step))
    assert "MA step 3A, FTE" in page and "MA step 2," not in page
    assert "1 year of experience" in page and "expecting Effective each year" in page
