"""The employer register: list with filters, Excel export, detail and forms."""

from __future__ import annotations

import io

from django.urls import reverse
from python_calamine import CalamineWorkbook

from unionhall.core.models import AuditEvent
from unionhall.orgs.models import Employer
from unionhall.tests.city import City, uscc


def names(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.name for e in response.context["page"]]


def test_the_list_filters_by_coverage_size_name_and_subtree(city: City) -> None:
    client = city.client("city_admin")
    url = reverse("orgs:employers")
    assert set(names(client.get(url))) == {"东区未建会商贸公司", "东方机械有限公司", "西方纺织有限公司"}
    assert names(client.get(url, {"covered": "no"})) == ["东区未建会商贸公司"]
    assert names(client.get(url, {"min_employees": 200})) == ["东方机械有限公司"]
    assert names(client.get(url, {"q": "纺织"})) == ["西方纺织有限公司"]
    assert names(client.get(url, {"q": city.e1.uscc})) == ["东方机械有限公司"]
    assert set(names(client.get(url, {"org": "D1"}))) == {"东区未建会商贸公司", "东方机械有限公司"}


def test_an_org_code_out_of_scope_shows_nothing_and_says_why(city: City) -> None:
    response = city.client("cadre_d1").get(reverse("orgs:employers"), {"org": "D2"})
    assert names(response) == []
    assert response.context["form"].errors["org"] == ["在您的权限范围内没有这个编码的组织。"]


def test_a_chair_sees_the_employer_their_union_covers(city: City) -> None:
    response = city.client("chair_u1").get(reverse("orgs:employers"))
    assert names(response) == ["东方机械有限公司"]


def export(client, **params):  # type: ignore[no-untyped-def]
    response = client.get(reverse("orgs:employer_export"), params)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = b"".join(response.streaming_content)
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def test_the_export_holds_the_filtered_rows_and_is_logged(city: City) -> None:
    rows = export(city.client("cadre_d1"), covered="no")
    assert rows[0][:2] == ["单位名称", "统一社会信用代码"]
    assert [r[0] for r in rows[1:]] == ["东区未建会商贸公司"]
    event = AuditEvent.objects.filter(action="employer.export").latest("id")
    assert event.actor_name == "cadre_d1"
    assert event.changes == {"filters": {"covered": "no"}}


def test_no_exported_cell_can_become_a_formula(city: City) -> None:
    Employer.objects.filter(pk=city.e0.pk).update(name='=HYPERLINK("http://evil")', address="+86 cmd|' /C calc'!A0")
    rows = export(city.client("cadre_d1"), covered="no")
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert rows[1][5] == "'+86 cmd|' /C calc'!A0"
    raw = b"".join(city.client("cadre_d1").get(reverse("orgs:employer_export")).streaming_content)
    import zipfile

    sheet = zipfile.ZipFile(io.BytesIO(raw)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet


def test_registering_an_employer_keeps_the_form_when_the_code_is_wrong(city: City) -> None:
    client = city.client("cadre_t1")
    url = reverse("orgs:employer_create", kwargs={"pk": city.t1.pk})
    bad = client.post(
        url,
        {
            "name": "新公司",
            "uscc": "91320508MA1MXXXX00",
            "ownership": "private",
            "industry": "C",
            "employee_count": 30,
            "address": "东一路 1 号",
        },
    )
    assert "校验位" in bad.context["form"].errors["uscc"][0]
    assert bad.context["form"]["address"].value() == "东一路 1 号"
    good = client.post(
        url,
        {
            "name": "新公司",
            "uscc": uscc("320508NEWC0001"),
            "ownership": "private",
            "industry": "C",
            "employee_count": 30,
            "union_code": "D1-T1-U1",
        },
    )
    employer = Employer.objects.get(name="新公司")
    assert good["Location"] == reverse("orgs:employer", kwargs={"pk": employer.pk})
    assert employer.union == city.u1


def test_editing_an_employer_to_a_union_out_of_scope_is_refused_at_the_field(city: City) -> None:
    response = city.client("cadre_d1").post(
        reverse("orgs:employer_edit", kwargs={"pk": city.e0.pk}),
        {
            "name": city.e0.name,
            "uscc": city.e0.uscc,
            "ownership": "private",
            "industry": "Z",
            "employee_count": 40,
            "union_code": "D2-T1-U1",
        },
    )
    assert response.context["form"].errors["union_code"] == ["在您的权限范围内没有这个编码的工会。"]
    city.e0.refresh_from_db()
    assert city.e0.union is None


def test_every_viewer_sees_exactly_the_employers_placed_in_reach_by_territory_or_by_union(city: City) -> None:
    """The scope over two FKs (`access.pointing_into`) against a plain recount: an employer whose territory
    lies in one district and whose union in the other is seen from both sides and from nowhere else."""
    from unionhall.orgs import access, selectors
    from unionhall.orgs.access import Cap

    Employer.objects.create(
        name="跨区派驻公司", uscc=uscc("320508AAAA0099"), org=city.d2, union=city.u1, employee_count=30
    )
    everyone = list(Employer.objects.select_related("org", "union"))
    for name, user in city.users.items():
        reach = access.reach(user, Cap.EMPLOYER_VIEW)
        expected = {
            e.pk for e in everyone if reach.covers(e.org.path) or (e.union is not None and reach.covers(e.union.path))
        }
        seen = set(selectors.employer_list(user, selectors.EmployerFilters()).values_list("pk", flat=True))
        assert seen == expected, name
        for unit in (city.d1, city.d2):
            under = {
                e.pk
                for e in everyone
                if e.pk in expected
                and (e.org.path.startswith(unit.path) or (e.union is not None and e.union.path.startswith(unit.path)))
            }
            filtered = selectors.employer_list(user, selectors.EmployerFilters(org=unit)).values_list("pk", flat=True)
            assert set(filtered) == under, (name, unit.code)
