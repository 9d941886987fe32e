"""Pack texts that more than one test file uses."""

from __future__ import annotations

__all__ = ["PLANTED"]

# A planted mistake: the no-calls block now only applies to large companies.
PLANTED = """\
name: planted
extends: default
rules:
  - id: posting-says-no-calls
    when:
      posting.no_calls: true
      company.size: large
    source: >-
      Do not make a follow-up call is if the job posting explicitly states
      that applicants should not call.
    blocks:
      - action: call_recruiter
        reason: The posting says applicants should not call.
      - action: call_main_office
        reason: The posting says applicants should not call.
"""
"""The default pack with the no-calls block narrowed: its no-calls invariant breaks."""
