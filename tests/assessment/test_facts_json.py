"""The facts' JSON form (hashed into a run's ``inputs_hash``) is what ``json_safe(asdict(...))`` gave."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from typing import Any

from zeren.assessment.facts import collect_facts, facts_as_json, json_safe
from zeren.catalog.packs import pack_for_year, pure_pack_of


def test_the_json_form_equals_the_deep_copied_form(demo: dict[str, Any]) -> None:
    facts = collect_facts(pack=pure_pack_of(pack_for_year(2025)), year=2025, on=dt.date(2026, 3, 31))
    assert any(f.principals for f in facts)
    assert any(f.accident_events for f in facts)

    plain = facts_as_json(facts)

    assert plain == [json_safe(asdict(f)) for f in facts]
    assert json.dumps(plain, sort_keys=True, default=str) == json.dumps(
        [json_safe(asdict(f)) for f in facts], sort_keys=True, default=str
    )
