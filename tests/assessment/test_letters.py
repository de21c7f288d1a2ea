"""Target responsibility letters (art. 55 para 1): generation, targets, signing, the assessment, pages, docx.

The small accident world (疏勒县 with its secretary and county head, 莎车县 with no principals; alice and
bob operate 疏勒县, charlie 莎车县, admin is the prefecture's committee office) and, where the whole
prefecture matters, the Kashgar demo (12 counties, 43 prefecture departments, 2025 accidents in 疏勒县).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.accidents.world import AccidentWorld
from zeren.assessment import letters, letters_docx, services
from zeren.assessment.cli import letters as cli_letters
from zeren.assessment.errors import RunFrozen
from zeren.assessment.facts import NO_LETTER, assessed_entities
from zeren.assessment.models import ResponsibilityLetter
from zeren.audit.models import AuditEvent
from zeren.catalog.packs import pack_for_year, pure_pack
from zeren.obligations import evidence
from zeren.org import services as org
from zeren.org.models import Tenure

YEAR = 2025
ON = dt.date(2025, 1, 1)
SIGNED_ON = dt.date(2025, 3, 20)
PDF = b"%PDF-1.4\n% signed and sealed\n"
# pack assessment.letter.work, split by who owes each obligation (its owners' bodies)
WORK = [
    "party_standing_committee_meeting",
    "government_safety_meeting",
    "quarterly_situation_analysis",
    "supervision_of_responsibility",
]
DEPARTMENT_WORK = ["department_safety_report", "responsibility_list_publication"]


def _pdf(name: str = "责任书扫描件.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _letter(code: str) -> ResponsibilityLetter:
    return ResponsibilityLetter.objects.select_related("pack").get(year=YEAR, unit_code=code)


def _client(aworld: AccidentWorld, name: str | None) -> Client:
    client = Client()
    if name is not None:
        client.force_login(aworld.users[name])
    return client


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def drafts(aworld: AccidentWorld) -> AccidentWorld:
    """The 2025 drafts, with a prefecture commissioner (行署专员) to sign for party A."""
    office = org.create_organisation(
        actor=None,
        code="kashgar-gov",
        unit=aworld.org.kashgar,
        name="喀什地区行政公署",
        type="government",
        start=dt.date(2019, 1, 1),
    )
    post = org.create_post(
        actor=None,
        code="kashgar-head",
        organisation=office,
        title="喀什地区行政公署专员",
        role_code="government_principal",
        start=dt.date(2019, 1, 1),
    )
    person = org.create_person(actor=None, code="p-commissioner", name="专员甲")
    org.appoint(actor=None, person=person, post=post, start=dt.date(2020, 1, 1))
    letters.generate_letters(actor=None, year=YEAR, on=ON)
    return aworld


# -- generation -------------------------------------------------------------------------------------


@pytest.mark.clause("art_55__para_1", pack="kashgar_2021")
def test_generation_covers_every_assessed_unit_with_the_group_defaults_and_is_idempotent(
    demo: dict[str, Any],
) -> None:
    version = pack_for_year(YEAR)
    expected = {e.code: e.group for e in assessed_entities(pure_pack(version.pack_id), YEAR)}
    events = AuditEvent.objects.count()

    first = letters.generate_letters(actor=None, year=YEAR, on=ON)
    after_first = AuditEvent.objects.count()
    second = letters.generate_letters(actor=None, year=YEAR, on=ON)

    # 12 counties, 喀什经济开发区 (a zone under the prefecture, ranked with them: the pack's choice) and 44
    # prefecture departments (the 消防救援支队 among them)
    assert len(expected) == 57
    assert sorted(first.created) == sorted(expected)
    assert first.existing == 0
    assert (second.created, second.existing) == ([], 57)
    assert after_first == events + 1
    assert AuditEvent.objects.count() == after_first  # nothing created, nothing recorded
    rows = {r.unit_code: r for r in ResponsibilityLetter.objects.filter(year=YEAR)}
    assert {code: r.group for code, r in rows.items()} == expected
    ceilings = {(r.group, r.targets["accidents_max"], r.targets["deaths_max"]) for r in rows.values()}
    assert ceilings == {("counties", 6, 4), ("departments", 2, 1)}  # pack indicators.accidents.ceilings
    bachu = rows["bachu"]
    assert bachu.title == "2025年度安全生产目标管理责任书"
    assert bachu.status == "draft"
    assert bachu.issuer == "喀什地区安全生产委员会"
    assert [s["post"] for s in bachu.issuer_signatories] == ["喀什地区行政公署专员"]
    assert [(s["role"], s["post"]) for s in bachu.signatories] == [
        ("party_principal", "巴楚县委书记"),
        ("government_principal", "巴楚县人民政府县长"),
    ]
    in_post = Tenure.objects.filter(
        post__title__in=["巴楚县委书记", "巴楚县人民政府县长"], start__lte=ON
    ).exclude(end__lt=ON)
    assert sorted(s["person"] for s in bachu.signatories) == sorted(t.person.code for t in in_post)
    assert [w["obligation"] for w in bachu.targets["work"]] == WORK
    department = ResponsibilityLetter.objects.filter(year=2025, group="departments").first()
    assert department is not None
    assert [w["obligation"] for w in department.targets["work"]] == DEPARTMENT_WORK
    assert bachu.text[1][0].startswith("一、")
    assert "不超过6起" in bachu.text[1][0]
    assert bachu.targets["work"][0] == {
        "obligation": "party_standing_committee_meeting",
        "name": "主持党委常委会专题听取安全生产工作汇报",
        "clause": "art_4__para_1__point_2",
    }
    assert bachu.clauses[:2] == ["art_55__para_1", "art_55__para_2"]
    department = rows["kashgar-public-security"]
    assert [s["role"] for s in department.signatories] == ["department_principal"]


def test_generation_adds_only_the_missing_letters_and_leaves_the_others_untouched(
    drafts: AccidentWorld,
) -> None:
    letters.set_targets(actor=None, letter=_letter("shule"), accidents_max=1, deaths_max=0)
    _letter("shache").delete()

    result = letters.generate_letters(actor=None, year=YEAR, on=ON)

    assert (result.created, result.existing) == (["shache"], 1)
    assert (_letter("shule").targets["accidents_max"], _letter("shule").targets["deaths_max"]) == (1, 0)
    assert _letter("shache").targets["accidents_max"] == 6
    assert _letter("shache").signatories == []  # 莎车县 has no principals in post in this world


def test_signatories_are_those_in_post_on_the_generation_day_else_on_1_january(
    aworld: AccidentWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 疏勒县's county head changes on 1 July 2025.
    old = Tenure.objects.get(post=aworld.org.shule_head)
    org.end_tenure(actor=None, tenure=old, end=dt.date(2025, 6, 30), reason="transfer")
    successor = org.create_person(actor=None, code="p-new-head", name="新县长")
    org.appoint(actor=None, person=successor, post=aworld.org.shule_head, start=dt.date(2025, 7, 1))

    def heads() -> list[str]:
        letter = _letter("shule")
        return [s["person"] for s in letter.signatories if s["role"] == "government_principal"]

    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2026, 11, 1))
    letters.generate_letters(actor=None, year=YEAR)  # after the year: 1 January
    after_the_year = heads()
    ResponsibilityLetter.objects.all().delete()
    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2025, 7, 1))
    letters.generate_letters(actor=None, year=YEAR)  # during the year: the generation day
    during_the_year = heads()

    assert (after_the_year, during_the_year) == (["p-head"], ["p-new-head"])


def test_only_the_committee_office_generates(drafts: AccidentWorld) -> None:
    ResponsibilityLetter.objects.all().delete()

    with pytest.raises(PermissionDenied):
        letters.generate_letters(actor=drafts.users["alice"], year=YEAR, on=ON)
    assert ResponsibilityLetter.objects.count() == 0
    assert letters.generate_letters(actor=drafts.users["admin"], year=YEAR, on=ON).created == [
        "shule",
        "shache",
    ]  # by unit path


# -- targets ----------------------------------------------------------------------------------------


def test_set_targets_on_a_draft_keeps_the_work_and_is_audited(drafts: AccidentWorld) -> None:
    work = _letter("shule").targets["work"]

    letters.set_targets(actor=drafts.users["admin"], letter=_letter("shule"), accidents_max=3, deaths_max=1)

    letter = _letter("shule")
    assert letter.targets == {"accidents_max": 3, "deaths_max": 1, "work": work}
    event = AuditEvent.objects.filter(action="assessment.letters.set_targets").get()
    assert event.before is not None
    assert event.after is not None
    assert (event.before["targets"]["accidents_max"], event.after["targets"]["accidents_max"]) == (6, 3)


@pytest.mark.parametrize(("accidents_max", "deaths_max"), [(-1, 0), (0, -1)])
def test_set_targets_refuses_negative_ceilings(
    drafts: AccidentWorld, accidents_max: int, deaths_max: int
) -> None:
    with pytest.raises(letters.InvalidTargets):
        letters.set_targets(
            actor=None, letter=_letter("shule"), accidents_max=accidents_max, deaths_max=deaths_max
        )
    assert (_letter("shule").targets["accidents_max"], _letter("shule").targets["deaths_max"]) == (6, 4)


def test_an_operator_cannot_set_targets(drafts: AccidentWorld) -> None:
    with pytest.raises(PermissionDenied):
        letters.set_targets(
            actor=drafts.users["alice"], letter=_letter("shule"), accidents_max=0, deaths_max=0
        )
    assert _letter("shule").targets["accidents_max"] == 6


# -- signing ----------------------------------------------------------------------------------------


def test_record_signed_stores_the_scan_and_freezes_the_letter(drafts: AccidentWorld, media: Path) -> None:
    letters.record_signed(
        actor=drafts.users["admin"], letter=_letter("shule"), signed_on=SIGNED_ON, upload=_pdf()
    )

    letter = _letter("shule")
    assert (letter.status, letter.signed_on) == ("signed", SIGNED_ON)
    assert letter.signed_copy_name == "责任书扫描件.pdf"
    assert letter.signed_copy_extension == ".pdf"
    assert letter.signed_recorded_by == drafts.users["admin"]
    with letter.signed_copy.open("rb") as stored:
        assert stored.read() == PDF
    assert (
        letter.signed_copy.name
        == f"assessment/letters/{letter.signed_copy_sha256[:2]}/{letter.signed_copy_sha256}.pdf"
    )
    assert AuditEvent.objects.filter(action="assessment.letters.sign").count() == 1

    with pytest.raises(letters.LetterFrozen, match="已于2025-03-20签订，不得修改"):
        letters.set_targets(actor=None, letter=letter, accidents_max=9, deaths_max=9)
    with pytest.raises(letters.LetterFrozen):
        letters.record_signed(actor=None, letter=letter, signed_on=SIGNED_ON, upload=_pdf("other.pdf"))
    letter.targets = {**letter.targets, "accidents_max": 9}
    with pytest.raises(RunFrozen, match="已签订"):  # the model refuses too, not only the services
        letter.save()
    after = _letter("shule")
    assert (after.targets["accidents_max"], after.signed_copy_name) == (6, "责任书扫描件.pdf")
    assert (
        AuditEvent.objects.filter(action__startswith="assessment.letters.")
        .exclude(action="assessment.letters.generate")
        .count()
        == 1
    )


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("scan.pdf", b"<html><script>alert(1)</script>"), "文件内容与扩展名 .pdf 不符"),
        (SimpleUploadedFile("scan.html", b"<html></html>"), "不接受该类型的文件（.html）"),
        (SimpleUploadedFile("scan.pdf", b""), "文件为空"),
    ],
)
def test_record_signed_checks_the_file_like_obligation_evidence(
    drafts: AccidentWorld, media: Path, upload: Any, message: str
) -> None:
    with pytest.raises(letters.InvalidSigning, match=message) as excinfo:
        letters.record_signed(actor=None, letter=_letter("shule"), signed_on=SIGNED_ON, upload=upload)

    assert excinfo.value.field == "file"
    letter = _letter("shule")
    assert (letter.status, letter.signed_on, letter.signed_copy_sha256) == ("draft", None, "")
    assert not media.exists() or not any(media.rglob("*.*"))


def test_record_signed_enforces_the_evidence_size_limit(
    drafts: AccidentWorld, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(evidence, "MAX_EVIDENCE_BYTES", len(PDF) - 1)

    with pytest.raises(letters.InvalidSigning, match="上限"):
        letters.record_signed(actor=None, letter=_letter("shule"), signed_on=SIGNED_ON, upload=_pdf())
    assert _letter("shule").status == "draft"


@pytest.mark.parametrize("signed_on", [dt.date(2023, 12, 31), dt.date(2026, 1, 1), dt.date(2999, 1, 1)])
def test_record_signed_refuses_a_date_outside_the_letters_window(
    drafts: AccidentWorld, media: Path, signed_on: dt.date
) -> None:
    with pytest.raises(letters.InvalidSigning) as excinfo:
        letters.record_signed(actor=None, letter=_letter("shule"), signed_on=signed_on, upload=_pdf())
    assert excinfo.value.field == "signed_on"
    assert _letter("shule").status == "draft"


def test_record_signed_accepts_both_ends_of_the_window(drafts: AccidentWorld, media: Path) -> None:
    letters.record_signed(actor=None, letter=_letter("shule"), signed_on=dt.date(2024, 1, 1), upload=_pdf())
    letters.record_signed(
        actor=None, letter=_letter("shache"), signed_on=dt.date(2025, 12, 31), upload=_pdf()
    )

    assert [_letter(c).status for c in ("shule", "shache")] == ["signed", "signed"]


# -- the assessment reads signed letters ------------------------------------------------------------


def _accidents_indicator(result: dict[str, Any], unit: str) -> tuple[dict[str, Any], dict[str, Any]]:
    u = next(u for u in result["units"] if u["unit"] == unit)
    return next(i for i in u["indicators"] if i["id"] == "accidents"), u


def test_a_signed_letter_sets_the_ceilings_of_the_accidents_indicator(
    demo: dict[str, Any], media: Path
) -> None:
    version = pack_for_year(YEAR)
    on = dt.date(2026, 2, 1)
    _, before = services.compute(version=version, year=YEAR, on=on)
    letters.generate_letters(actor=None, year=YEAR, on=ON)
    # 疏勒县 had 2 accidents and 4 deaths in 2025 (demo); its own letter allows 1 accident and 4 deaths.
    letters.set_targets(actor=None, letter=_letter("shule"), accidents_max=1, deaths_max=4)
    # 地区公安局: 2 accidents, 4 deaths in its sectors; its letter raises the ceilings to 2 and 4.
    letters.set_targets(actor=None, letter=_letter("kashgar-public-security"), accidents_max=2, deaths_max=4)
    # 巴楚县: a draft with lower ceilings does not count.
    letters.set_targets(actor=None, letter=_letter("bachu"), accidents_max=0, deaths_max=0)
    _, drafts_only = services.compute(version=version, year=YEAR, on=on)
    for code in ("shule", "kashgar-public-security"):
        letters.record_signed(actor=None, letter=_letter(code), signed_on=SIGNED_ON, upload=_pdf())
    _, after = services.compute(version=version, year=YEAR, on=on)

    shule_before, shule_unit_before = _accidents_indicator(before, "shule")
    assert shule_before["facts"] == {
        "accidents": 2,
        "deaths": 4,
        "accidents_max": 6,
        "deaths_max": 4,
        "excess": 0,
    }
    assert NO_LETTER in shule_unit_before["notes"]
    assert drafts_only == before
    shule, shule_unit = _accidents_indicator(after, "shule")
    assert shule["facts"] == {
        "accidents": 2,
        "deaths": 4,
        "accidents_max": 1,
        "deaths_max": 4,
        "letter": "2025年度目标管理责任书（2025-03-20签订）",
        "excess": 1,
    }
    assert (shule_before["points"], shule["points"]) == ("30.00", "22.50")  # 25 % of 30 per excess
    assert NO_LETTER not in shule_unit["notes"]
    police_before, _ = _accidents_indicator(before, "kashgar-public-security")
    police, _ = _accidents_indicator(after, "kashgar-public-security")
    assert (police_before["facts"]["excess"], police_before["points"]) == (3, "7.50")
    assert (police["facts"]["accidents_max"], police["facts"]["deaths_max"], police["facts"]["excess"]) == (
        2,
        4,
        0,
    )
    assert police["points"] == "30.00"
    bachu, bachu_unit = _accidents_indicator(after, "bachu")
    assert (bachu["facts"]["accidents_max"], bachu["facts"]["deaths_max"]) == (6, 4)
    assert NO_LETTER in bachu_unit["notes"]


# -- docx -------------------------------------------------------------------------------------------


def _docx_text(data: bytes) -> tuple[Any, list[str]]:
    from docx import Document

    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    texts += [p.text for t in doc.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    return doc, texts


def test_the_letter_docx_has_the_parties_ceilings_work_and_signatories(drafts: AccidentWorld) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    letters.set_targets(actor=None, letter=_letter("shule"), accidents_max=3, deaths_max=2)

    doc, texts = _docx_text(letters_docx.render_docx(_letter("shule")))

    section = doc.sections[0]
    assert [round(m.mm) for m in (section.page_width, section.page_height)] == [210, 297]
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin)] == [37, 35]
    title = doc.paragraphs[0]
    assert title.text == "2025年度安全生产目标管理责任书"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22)
    assert texts[1:4] == ["（草稿，待签订）", "甲方：喀什地区安全生产委员会", "乙方：疏勒县"]
    assert any("喀什地区安全生产委员会与疏勒县签订本责任书" in t for t in texts)
    assert any("全年生产安全事故不超过3起，死亡人数不超过2人" in t for t in texts)
    assert any("请于2025年3月31日前签订" in t for t in texts)
    work = texts.index(next(t for t in texts if t.startswith("二、疏勒县应按期完成以下日常工作")))
    assert texts[work + 1] == "1．主持党委常委会专题听取安全生产工作汇报（《办法》第四条第一款第（二）项）"
    assert texts[work + 4] == "4．对下级和本级部门落实责任制情况督促检查（《办法》第五十三条第一款）"
    assert texts[work + 5].startswith("三、")
    left, right = (cell for cell in doc.tables[0].rows[0].cells)
    assert [p.text for p in left.paragraphs] == [
        "甲方：喀什地区安全生产委员会（盖章）",
        "签署人：喀什地区行政公署专员 专员甲",
        "",
        "签订日期：年    月    日",
    ]
    assert [p.text for p in right.paragraphs][:3] == [
        "乙方：疏勒县（盖章）",
        "签署人：疏勒县委书记 人员secretary",
        "签署人：疏勒县人民政府县长 人员head",
    ]
    assert any(t.startswith("依据：《办法》第五十五条第一款、《办法》第五十五条第二款") for t in texts)


def test_a_signed_letter_docx_carries_the_signing_date_and_no_draft_mark(
    drafts: AccidentWorld, media: Path
) -> None:
    letters.record_signed(actor=None, letter=_letter("shache"), signed_on=SIGNED_ON, upload=_pdf())

    _, texts = _docx_text(letters_docx.render_docx(_letter("shache")))

    assert "（草稿，待签订）" not in texts
    assert texts.count("签订日期：2025年3月20日") == 2
    assert "签署人：________________" in texts  # 莎车县: no principal in post


# -- pages ------------------------------------------------------------------------------------------


def test_the_office_lists_edits_and_records_signing_through_the_pages(
    drafts: AccidentWorld, media: Path
) -> None:
    admin = _client(drafts, "admin")
    shule = _letter("shule")

    page = admin.get("/assessment/letters/?year=2025").content.decode()
    draft = admin.get(f"/assessment/letters/{shule.pk}/").content.decode()
    targets = admin.post(f"/assessment/letters/{shule.pk}/targets/", {"accidents_max": 2, "deaths_max": 1})
    bad = admin.post(
        f"/assessment/letters/{shule.pk}/sign/", {"signed_on": "2025-03-20", "file": _pdf("x.exe")}
    )
    signed = admin.post(f"/assessment/letters/{shule.pk}/sign/", {"signed_on": "2025-03-20", "file": _pdf()})
    detail = admin.get(f"/assessment/letters/{shule.pk}/").content.decode()

    assert 'id="generate-form"' in page
    assert page.count('class="letter"') == 2
    assert f'type="date" name="signed_on" value="{timezone.localdate().isoformat()}"' in draft
    assert 'id="targets-form"' in draft
    assert "疏勒县委书记 人员secretary" in page
    assert targets.status_code == 302
    assert bad.status_code == 400
    assert "不接受该类型的文件" in bad.content.decode()
    assert signed.status_code == 302
    letter = _letter("shule")
    assert (letter.status, letter.targets["accidents_max"], letter.signed_on) == ("signed", 2, SIGNED_ON)
    assert 'id="targets-form"' not in detail
    assert 'id="sign-form"' not in detail
    assert "已签订" in detail


def test_the_office_generates_from_the_page(drafts: AccidentWorld) -> None:
    ResponsibilityLetter.objects.all().delete()

    response = _client(drafts, "admin").post("/assessment/letters/generate/", {"year": 2025})

    assert response.status_code == 302
    assert response["Location"] == "/assessment/letters/?year=2025"
    assert ResponsibilityLetter.objects.count() == 2


def test_an_operator_sees_and_downloads_only_their_own_units_letter(
    drafts: AccidentWorld, media: Path
) -> None:
    letters.record_signed(actor=None, letter=_letter("shule"), signed_on=SIGNED_ON, upload=_pdf())
    shule, shache = _letter("shule"), _letter("shache")
    alice = _client(drafts, "alice")

    page = alice.get("/assessment/letters/?year=2025").content.decode()
    detail = alice.get(f"/assessment/letters/{shule.pk}/")
    docx = alice.get(f"/assessment/letters/{shule.pk}/letter.docx")
    copy = alice.get(f"/assessment/letters/{shule.pk}/signed-copy/")

    assert page.count('class="letter"') == 1
    assert 'data-unit="shule"' in page
    assert 'id="generate-form"' not in page
    assert detail.status_code == 200
    assert 'id="targets-form"' not in detail.content.decode()
    # a Chinese date whatever the browser's language (an English Accept-Language gave "March 20, 2025")
    english = Client(HTTP_ACCEPT_LANGUAGE="en-US")
    english.force_login(drafts.users["alice"])
    assert "2025年3月20日签订" in english.get(f"/assessment/letters/{shule.pk}/").content.decode()
    assert docx.status_code == 200
    assert docx["Content-Type"] == letters_docx.DOCX_TYPE
    assert copy.status_code == 200
    assert copy.getvalue() == PDF
    assert copy["Content-Type"] == "application/pdf"
    assert copy["X-Content-Type-Options"] == "nosniff"
    assert copy["Content-Disposition"].startswith("attachment")
    assert alice.get(f"/assessment/letters/{shache.pk}/").status_code == 404
    assert alice.get(f"/assessment/letters/{shache.pk}/signed-copy/").status_code == 404


def test_an_operator_cannot_write_and_an_outsider_gets_404(drafts: AccidentWorld, media: Path) -> None:
    letters.record_signed(actor=None, letter=_letter("shache"), signed_on=SIGNED_ON, upload=_pdf())
    shule, shache = _letter("shule"), _letter("shache")
    bob, charlie = _client(drafts, "bob"), _client(drafts, "charlie")

    assert (
        bob.post(
            f"/assessment/letters/{shule.pk}/targets/", {"accidents_max": 0, "deaths_max": 0}
        ).status_code
        == 403
    )
    assert (
        bob.post(
            f"/assessment/letters/{shule.pk}/sign/", {"signed_on": "2025-03-20", "file": _pdf()}
        ).status_code
        == 403
    )
    assert bob.post("/assessment/letters/generate/", {"year": 2025}).status_code == 403
    for url in ("", "letter.docx", "signed-copy/"):
        assert charlie.get(f"/assessment/letters/{shule.pk}/{url}").status_code == 404
    assert (
        charlie.post(
            f"/assessment/letters/{shule.pk}/targets/", {"accidents_max": 0, "deaths_max": 0}
        ).status_code
        == 404
    )
    assert bob.get(f"/assessment/letters/{shache.pk}/signed-copy/").status_code == 404
    letter = _letter("shule")
    assert (letter.status, letter.targets["accidents_max"]) == ("draft", 6)


def test_an_anonymous_visitor_is_sent_to_log_in(drafts: AccidentWorld) -> None:
    anonymous = _client(drafts, None)

    assert anonymous.get("/assessment/letters/").status_code == 302
    assert anonymous.get(f"/assessment/letters/{_letter('shule').pk}/letter.docx").status_code == 302


# -- command line -----------------------------------------------------------------------------------


def test_zeren_assess_letters_is_registered() -> None:
    from zeren.cli import build_parser

    args = build_parser().parse_args(["assess", "letters", "--year", "2025", "--generate", "--json"])

    assert (args.handler, args.year, args.generate, args.json) == (cli_letters.run_letters, 2025, True, True)


def test_cli_generates_and_prints_the_json_contract(
    aworld: AccidentWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli_letters.run_letters(argparse.Namespace(year=YEAR, generate=True, json=True))

    payload = json.loads(capsys.readouterr().out)
    assert code == 0
    assert payload["year"] == YEAR
    assert [
        (x["unit"], x["group"], x["status"], x["accidents_max"], x["deaths_max"], x["signed_on"])
        for x in payload["letters"]
    ] == [
        ("shache", "counties", "draft", 6, 4, None),
        ("shule", "counties", "draft", 6, 4, None),
    ]
    assert set(payload["letters"][0]) == {
        "unit",
        "group",
        "status",
        "accidents_max",
        "deaths_max",
        "signatories",
        "signed_on",
    }
    assert [s["person"] for s in payload["letters"][1]["signatories"]] == ["p-secretary", "p-head"]
    assert cli_letters.run_letters(argparse.Namespace(year=YEAR, generate=True, json=False)) == 0
    assert "新生成 0 份，已有 2 份未改动" in capsys.readouterr().out
