"""Differences between terms, in words and as overrides."""

from models.changes import in_words, overrides_between


def test_changes_in_words_and_back(baltimore):
    base = baltimore.baseline
    edited = base.with_overrides({"pathway_salary.Model.3": 84000, "au.per_interval": 10, "raise.2012": 0.02,
                                  "model.pass_rate": 0.4, "pathway_salary.Model.9": 95000})
    lines = in_words(base, edited)
    assert f"Model interval 3: ${base.pathways.salary('Model', 3):,.0f} -> $84,000" in lines
    assert "AUs per interval: 12 -> 10" in lines
    assert "On-scale raise in year 2012: 1% -> 2%" in lines  # the status quo's default raise is 1%
    assert "Model pass rate: 29.33% -> 40%" in lines  # 100 / 341
    assert "Model interval 9 added: $95,000" in lines
    assert base.with_overrides(overrides_between(base, edited)) == edited
    assert in_words(base, base) == []
