"""`zeren bench world`: the national synthetic world, at a few counties (the sizes scale per county)."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout

import pytest
from django.db import IntegrityError
from django.db.models import Count

from zeren.cli import main
from zeren.demo.world import (
    DEPARTMENTS,
    OCCURRENCES_PER_POST,
    WorldExists,
    build_world,
)
from zeren.demo.world_copy import BIG_TABLE
from zeren.obligations import permissions, selectors, tallies
from zeren.obligations.models import Occurrence
from zeren.org.models import Organisation, Post, Tenure, Unit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pack() -> None:
    from zeren.catalog.services import load_pack_into_catalog
    from zeren.packs import KASHGAR_PACK_DIR

    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)


def _fingerprint() -> list[tuple[object, ...]]:
    return list(
        Occurrence.objects.order_by("post__code", "obligation_code", "period_label").values_list(
            "post__code", "obligation_code", "period_label", "status", "effective_date"
        )
    )


def test_the_world_has_the_national_shape_per_county_and_summaries_agree_with_the_rows(pack: None) -> None:
    summary = build_world(counties=4, seed=7, year=2025, quiet=True)  # 25,000 occurrences: on PostgreSQL
    # their keys and indexes are dropped for the load and built after it (BIG_TABLE)

    assert summary.rows["occurrences"] >= BIG_TABLE
    assert Unit.objects.filter(level="county", parent__code="world").count() == 4
    assert Organisation.objects.filter(type="government_department").count() == 4 * DEPARTMENTS == 200
    assert Post.objects.count() == 4 * 625 == summary.rows["posts"]
    assert Occurrence.objects.count() == 4 * 625 * OCCURRENCES_PER_POST == summary.rows["occurrences"]
    assert Tenure.objects.filter(end__isnull=True).count() == Post.objects.count()  # every post held
    statuses = dict(Occurrence.objects.values_list("status").annotate(n=Count("pk")))
    assert set(statuses) == {"done", "done_late", "waived", "open"}
    assert tallies.differences(2025) == {}
    assert (
        not Occurrence.objects.values("obligation_code", "period_label", "post")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    from django.contrib.auth import get_user_model

    from zeren.accounts.services import grant_role

    office = get_user_model().objects.create_user(username="office", password="x-Long-passw0rd")
    grant_role(actor=None, user=office, role="committee_admin", unit=Unit.objects.get(code="world"))
    rows = selectors.rates_by_county(permissions.visible_occurrences(office).filter(year=2025))
    assert selectors.counted_rates_by_county(permissions.visible_counts(office), 2025) == rows
    assert len(rows) == 4
    with pytest.raises(IntegrityError):  # the unique key is back after the load
        Occurrence.objects.create(**{
            f.attname: getattr(Occurrence.objects.first(), f.attname)
            for f in Occurrence._meta.concrete_fields if not f.primary_key
        })  # fmt: skip


def test_the_same_seed_writes_the_same_world_and_a_second_world_is_refused(pack: None) -> None:
    build_world(counties=2, seed=7, year=2025, quiet=True)
    first = _fingerprint()
    with pytest.raises(WorldExists):
        build_world(counties=2, seed=7, year=2025, quiet=True)

    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    from zeren.catalog.services import load_pack_into_catalog
    from zeren.packs import KASHGAR_PACK_DIR

    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    build_world(counties=2, seed=7, year=2025, quiet=True)
    assert _fingerprint() == first
    call_command("flush", interactive=False, verbosity=0)
    load_pack_into_catalog(directory=KASHGAR_PACK_DIR)
    build_world(counties=2, seed=8, year=2025, quiet=True)
    assert _fingerprint() != first


def test_the_command_prints_json_only(pack: None) -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["bench", "world", "--counties", "1", "--sqlite", "--json"])
    assert code == 0
    data = json.loads(out.getvalue())
    assert data["counties"] == 1
    assert data["rows"]["occurrences"] == 625 * OCCURRENCES_PER_POST
