"""Drawing applications: every part present and absent, every value seen, dates consistent."""

from __future__ import annotations

from hypothesis import given, settings

from outreach_rules import Application
from outreach_rules.testing import applications


def test_applications_cover_the_whole_contract() -> None:
    """Over a few hundred cases every optional part is present and absent, every enum is seen."""
    seen: dict[str, set[object]] = {}

    def note(key: str, value: object) -> None:
        seen.setdefault(key, set()).add(value)

    @settings(max_examples=300, deadline=None, database=None, derandomize=True)
    @given(applications())
    def run(app: Application) -> None:
        posting, letter, interview = app.posting, app.materials.cover_letter, app.interview
        note("posting", posting is None)
        note("recruiter", posting is None or posting.recruiter is None)
        note("cover_letter", letter is None)
        note("interview", interview is None)
        note("submitted_on", app.submitted_on is None)
        note("history", bool(app.history))
        note("contacts", bool(app.contacts))
        note("size", app.company.size)
        note("kind", None if interview is None else interview.kind)
        for entry in app.history:
            note("channel", entry.channel)
            note("outcome", entry.outcome)
        if app.submitted_on is not None and app.as_of is not None:
            note("days", (app.as_of - app.submitted_on).days)

    run()
    for part in ("posting", "recruiter", "cover_letter", "interview", "submitted_on"):
        assert seen[part] == {True, False}, part
    assert seen["history"] == seen["contacts"] == {True, False}
    assert seen["size"] == {None, "small", "medium", "large"}
    assert seen["kind"] == {None, "informational", "job"}
    assert seen["channel"] == {"call", "email", "visit", "letter"}
    assert {None, "no_answer", "interview_offered", "rejected"} <= seen["outcome"]
    assert {0, 6, 7, 10, 11} <= seen["days"]
