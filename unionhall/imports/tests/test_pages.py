"""The import pages as a union chair uses them: upload, confirm the columns, read the preview with the
messages at their cells, commit, read the summary; and the refusals shown next to the right field."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from unionhall.imports.models import ImportJob, JobStatus
from unionhall.imports.tests.support import bad_checksum, id_number, read_xlsx, roster
from unionhall.members.models import Membership, TransferRequest
from unionhall.tests.city import City

ZHANG = id_number("19900101", "011")
LI = id_number("19920202", "022")


def upload_page(
    city: City, path: Path, *, user: str = "chair_u1", org: str = "D1-T1-U1", kind: str = "members"
) -> object:
    data = {"kind": kind, "org": org, "file": SimpleUploadedFile(path.name, path.read_bytes())}
    return city.client(user).post(reverse("imports:new"), data)


def test_a_chair_imports_a_roster_through_the_pages(city: City, tmp_path: Path) -> None:
    client = city.client("chair_u1")
    form = client.get(reverse("imports:new")).content.decode()
    assert 'value="D1-T1-U1"' in form  # the only union the chair may import into is filled in

    path = roster(tmp_path, [["张三", ZHANG, "13912345678", "2020-3-5"], ["李四", bad_checksum(LI), "", ""]])
    response = upload_page(city, path)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:job", args=[job.pk])

    mapping = client.get(response["Location"]).content.decode()
    assert "确认各列" in mapping
    assert re.search(r'<option value="id_number" selected>', mapping)
    assert ZHANG[:3] + "*" * 11 + ZHANG[-4:] in mapping  # samples are masked
    assert ZHANG not in mapping and "13912345678" not in mapping

    fields = {f"col_{i}": key for i, key in enumerate(["name", "id_number", "phone", "joined_on"])}
    response = client.post(reverse("imports:map", args=[job.pk]), fields)
    assert response.status_code == 302
    preview = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "校验结果" in preview
    assert re.search(
        r'<td class="cell-error">[^<]*<small class="field-error" role="alert">身份证号校验位不正确', preview
    )
    assert "导入可导入的 1 行" in preview
    assert bad_checksum(LI) not in preview

    response = client.post(reverse("imports:commit", args=[job.pk]), {})
    assert response.status_code == 302
    summary = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "导入完成" in summary and "下载未导入的行（1 行）" in summary
    assert Membership.objects.filter(org=city.u1).count() == 1

    listing = client.get(reverse("imports:list")).content.decode()
    assert path.name in listing and "已导入" in listing


def test_a_hostile_file_is_refused_next_to_the_file_field(city: City, tmp_path: Path) -> None:
    exe = tmp_path / "花名册.xlsx"
    exe.write_bytes(b"MZ\x90\x00" + b"\0" * 100)
    response = upload_page(city, exe)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<small class="field-error" role="alert">无法识别的文件', html)
    assert not ImportJob.objects.exists()


def test_a_union_outside_the_users_scope_is_refused_next_to_the_org_field(city: City, tmp_path: Path) -> None:
    response = upload_page(city, roster(tmp_path, [["张三", ZHANG, "", ""]]), org=city.u3.code)
    assert "在您的权限范围内没有这个编码的组织。" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_mapping_without_a_required_column_is_shown_again_with_the_reason(city: City, tmp_path: Path) -> None:
    upload_page(city, roster(tmp_path, [["张三", ZHANG, "", ""]]))
    job = ImportJob.objects.get()
    response = city.client("chair_u1").post(reverse("imports:map", args=[job.pk]), {"col_0": "name", "col_2": "phone"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "请指定必填列：身份证号。" in html
    assert re.search(r'<option value="phone" selected>', html)


def test_all_or_nothing_refused_is_explained_and_the_rows_can_still_go_in(city: City, tmp_path: Path) -> None:
    upload_page(city, roster(tmp_path, [["张三", ZHANG, "", ""], ["李四", bad_checksum(LI), "", ""]]))
    job = ImportJob.objects.get()
    client = city.client("chair_u1")
    client.post(reverse("imports:map", args=[job.pk]), {"col_0": "name", "col_1": "id_number"})
    client.post(reverse("imports:commit", args=[job.pk]), {"all_or_nothing": "on"})
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "已选择整体导入，但1 行有错误：未导入任何行。" in page
    assert "导入可导入的 1 行" in page
    assert not Membership.objects.exists()
    client.post(reverse("imports:commit", args=[job.pk]), {})
    job.refresh_from_db()
    assert job.status == JobStatus.COMMITTED


def test_the_blank_templates_carry_the_usual_headers(city: City) -> None:
    response = city.client("chair_u1").get(reverse("imports:template", args=["members"]))
    headers = read_xlsx(b"".join(response.streaming_content))[0]
    assert headers[:4] == ["姓名", "身份证号", "手机号码", "入会日期"]
    assert "性别" not in headers
    assert city.client("chair_u1").get(reverse("imports:template", args=["other"])).status_code == 404


def test_the_nav_offers_imports_to_those_who_may_import_members(city: City) -> None:
    assert (
        '<span class="uh-nav-label">导入</span>'
        in city.client("chair_u1").get(reverse("console:home")).content.decode()
    )
    assert (
        '<span class="uh-nav-label">导入</span>'
        not in city.client("reviewer_d1").get(reverse("console:home")).content.decode()
    )


def test_a_member_of_another_union_is_transferred_by_ticking_their_row(city: City, tmp_path: Path) -> None:
    from unionhall.imports.tests.support import SYSTEM
    from unionhall.members import services as member_services

    for name, number in (("张三", ZHANG), ("李四", LI)):
        member_services.member_join(
            actor=SYSTEM, org=city.u3, person=member_services.PersonData(name=name, id_number=number)
        )
    upload_page(city, roster(tmp_path, [["张三", ZHANG, "", ""], ["李四", LI, "", ""]]))
    job = ImportJob.objects.get()
    client = city.client("chair_u1")
    client.post(reverse("imports:map", args=[job.pk]), {"col_0": "name", "col_1": "id_number"})
    preview = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "2 人已是其他工会的会员" in preview
    # U3 lies in another district: the chair of U1 is not told which union holds the member
    assert "第 3 行 李四（其他工会）" in preview and "西方纺织" not in preview
    client.post(reverse("imports:commit", args=[job.pk]), {"transfer_rows": ["3"]})
    # ... and ticking the row asks for the member instead of taking them
    assert Membership.objects.get(person__name="李四", status="active").org == city.u3
    assert Membership.objects.get(person__name="张三", status="active").org == city.u3
    request = TransferRequest.objects.get()
    assert (request.person.name, request.to_org, request.status, request.source) == (
        "李四",
        city.u1,
        "pending",
        "import",
    )
    summary = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "已申请接转" in summary and "其中接转" not in summary
