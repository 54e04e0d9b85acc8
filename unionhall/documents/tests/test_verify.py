"""The public check page of an issued document: genuine ones say what, which serial, who issued it and when;
an unknown token is 404; nobody — signed in elsewhere or not at all — learns whom the document is about."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from unionhall.documents.issuing import register
from unionhall.tests.city import City


def test_a_genuine_document_shows_its_title_serial_issuer_and_date(city: City) -> None:
    doc = register(kind="reports.approval", title="困难职工帮扶审批表", org=city.u1, issued_by=city.users["chair_u1"])
    url = reverse("documents:verify", kwargs={"token": doc.token})
    # Anybody holding the paper: a stranger, and a signed-in user with no reach over the issuing union.
    for client in (Client(), city.client("outsider")):
        response = client.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        assert "文件真实有效" in text
        for expected in ("困难职工帮扶审批表", doc.serial, "东方机械公司工会", f"{doc.issued_at:%Y}年"):
            assert expected in text, expected
        assert "chair_u1" not in text  # who printed it is the audit trail's business


def test_an_unknown_or_altered_token_is_404_and_says_it_cannot_be_verified(city: City) -> None:
    doc = register(kind="reports.approval", title="困难职工帮扶审批表", org=city.u1, issued_by=None)
    for token in ("nothing-here", doc.token[:-1] + ("A" if doc.token[-1] != "A" else "B"), doc.serial):
        response = Client().get(reverse("documents:verify", kwargs={"token": token}))
        assert response.status_code == 404
        assert "无法核验" in response.content.decode()
        assert doc.serial not in response.content.decode()
