"""Materials once: the library keeps each file once, refuses disguised or oversized files, and
an application records per material whether it was uploaded, reused, a certificate or shared
data — "复用材料 N 份，新上传 M 份"."""

from __future__ import annotations

import pytest
from django.test import override_settings

from yiwang.approvals.models import ApplicationMaterial, MaterialFile
from yiwang.approvals.selectors.applicant import material_needs, material_offers
from yiwang.approvals.services.certificates import certificate_issue, certificate_revoke
from yiwang.approvals.services.materials import (
    material_remove,
    material_upload,
    materials_attach,
    reuse_counts,
)
from yiwang.approvals.tests.applicant_support import (
    JPEG,
    PDF,
    PNG,
    bare_application,
    docx_bytes,
    office,
)
from yiwang.core.errors import InvalidInput, NotAuthenticated, PermissionDenied

pytestmark = pytest.mark.django_db


def _field_errors(exc) -> dict[str, str]:
    return {e.field: e.code for e in exc.value.field_errors}


def test_upload_sniffs_the_type_and_keeps_the_same_content_once():
    o = office()
    first = material_upload(actor=o.enterprise, name="身份证.pdf", content=PDF, material_code="M01",
                            material_name="法定代表人身份证明")  # fmt: skip
    assert first.kind == "pdf" and first.content_type == "application/pdf"
    assert first.size == len(PDF) and len(first.sha256) == 64
    again = material_upload(actor=o.enterprise, name="copy.pdf", content=PDF)
    assert again.pk == first.pk
    assert MaterialFile.objects.filter(owner=o.enterprise).count() == 1
    # another applicant's identical file is their own
    other = material_upload(actor=o.citizen, name="x.pdf", content=PDF)
    assert other.pk != first.pk
    for name, content, kind in [("a.png", PNG, "png"), ("b.jpg", JPEG, "jpeg"),
                                ("c.docx", docx_bytes(), "docx")]:  # fmt: skip
        assert material_upload(actor=o.enterprise, name=name, content=content).kind == kind


def test_disguised_empty_unsupported_and_oversized_files_are_refused():
    o = office()
    with pytest.raises(InvalidInput) as caught:
        material_upload(actor=o.enterprise, name="营业执照.pdf", content=b"MZ\x90\x00 not a pdf")
    assert _field_errors(caught) == {"file": "type_mismatch"}
    with pytest.raises(InvalidInput) as caught:
        material_upload(actor=o.enterprise, name="photo.png", content=PDF)
    assert _field_errors(caught) == {"file": "type_mismatch"}
    with pytest.raises(InvalidInput) as caught:
        material_upload(actor=o.enterprise, name="run.exe", content=b"MZ\x90\x00")
    assert _field_errors(caught) == {"file": "unsupported_type"}
    with pytest.raises(InvalidInput) as caught:
        material_upload(actor=o.enterprise, name="empty.pdf", content=b"")
    assert _field_errors(caught) == {"file": "empty"}
    with (
        override_settings(YIWANG_MATERIAL_MAX_BYTES=2 * 1024 * 1024),
        pytest.raises(InvalidInput) as caught,
    ):
        material_upload(actor=o.enterprise, name="big.pdf", content=PDF + b"0" * 3 * 1024 * 1024)
    assert _field_errors(caught) == {"file": "too_large"}
    assert caught.value.field_errors[0].as_dict()["message"] == "文件不能超过 2 MB"
    assert not MaterialFile.objects.exists()


def test_uploads_need_an_account_and_agents_need_the_role():
    o = office()
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAuthenticated):
        material_upload(actor=AnonymousUser(), name="a.pdf", content=PDF)
    with pytest.raises(PermissionDenied):
        material_upload(actor=o.citizen, owner=o.enterprise, name="a.pdf", content=PDF)
    on_behalf = material_upload(actor=o.handler, owner=o.enterprise, name="a.pdf", content=PDF)
    assert on_behalf.owner == o.enterprise


def test_removing_from_the_library_is_owner_only_and_hides_the_file():
    o = office()
    material = material_upload(actor=o.enterprise, name="a.pdf", content=PDF, material_code="M01")
    with pytest.raises(PermissionDenied):
        material_remove(actor=o.citizen, material=material)
    material_remove(actor=o.enterprise, material=material)
    needs = material_needs(item=o.item)
    assert material_offers(user=o.enterprise, needs=needs)[0].files == []
    # uploading it again brings it back
    assert material_upload(actor=o.enterprise, name="a.pdf", content=PDF).pk == material.pk


def test_offers_match_library_files_and_certificates_automatically():
    o = office()
    licence = material_upload(actor=o.enterprise, name="id.pdf", content=PDF, material_code="M01")
    by_name = material_upload(actor=o.enterprise, name="章程.docx", content=docx_bytes(),
                              material_name="公司章程")  # fmt: skip
    notice = certificate_issue(actor=None, application=None, cert_type="name_approval",
                               holder=o.enterprise, data={}, department=o.bureau)  # fmt: skip
    offers = {offer.need.code: offer for offer in
              material_offers(user=o.enterprise, needs=material_needs(item=o.item))}  # fmt: skip
    assert offers["M01"].files == [licence] and offers["M01"].default == f"file:{licence.pk}"
    assert offers["M02"].certificates == [notice]
    assert offers["M02"].default == f"certificate:{notice.pk}"
    assert offers["M03"].default == "shared_data"
    assert offers["M04"].files == [by_name]
    certificate_revoke(actor=o.admin, certificate=notice, reason="名称已被他人使用")
    offers = material_offers(user=o.enterprise, needs=material_needs(item=o.item))
    assert offers[1].certificates == [] and offers[1].default == ""


def test_attach_records_sources_and_counts_reuse():
    o = office()
    id_card = material_upload(actor=o.enterprise, name="id.pdf", content=PDF, material_code="M01")
    notice = certificate_issue(actor=None, application=None, cert_type="name_approval",
                               holder=o.enterprise, data={}, department=o.bureau)  # fmt: skip
    first = bare_application(o)
    rows = materials_attach(actor=o.enterprise, application=first, choices={
        "M01": f"file:{id_card.pk}", "M02": {"certificate": notice.pk}, "M03": "shared_data",
    })  # fmt: skip
    sources = {r.item_material_code: r.source for r in rows}
    assert sources == {"M01": "uploaded", "M02": "certificate", "M03": "shared_data"}
    counts = reuse_counts(first.materials.all())
    assert (counts.reused, counts.uploaded) == (2, 1)
    # the second application reuses the library file
    second = bare_application(o)
    materials_attach(actor=o.enterprise, application=second, choices={
        "M01": f"file:{id_card.pk}", "M02": f"certificate:{notice.pk}", "M03": "shared_data",
    })  # fmt: skip
    counts = reuse_counts(second.materials.all())
    assert (counts.reused, counts.uploaded, counts.certificates) == (3, 0, 1)
    assert ApplicationMaterial.objects.get(application=second, item_material_code="M01").source == (
        "reused"
    )


def test_attach_errors_name_each_material():
    o = office()
    other_file = material_upload(actor=o.citizen, name="x.pdf", content=PDF)
    word = material_upload(actor=o.enterprise, name="w.docx", content=docx_bytes())
    app = bare_application(o)
    with pytest.raises(InvalidInput) as caught:
        materials_attach(actor=o.enterprise, application=app, choices={
            "M01": f"file:{other_file.pk}",  # someone else's file
            "M02": f"file:{word.pk}",  # DOCX where only PDF is accepted
            "M04": "file:abc",
            "M99": "shared_data",
        })  # fmt: skip
    errors = _field_errors(caught)
    assert errors == {
        "materials.M99": "unknown_material", "materials.M01": "not_found",
        "materials.M02": "kind_not_accepted", "materials.M03": "required",
        "materials.M04": "invalid_choice",
    }  # fmt: skip
    messages = {e.field: e.as_dict()["message"] for e in caught.value.field_errors}
    assert messages["materials.M03"] == "请提供“住所使用证明”"
    assert messages["materials.M02"] == "该材料只接受：PDF"
    assert not ApplicationMaterial.objects.exists()


def test_certificates_must_fit_and_be_valid_and_shared_data_must_be_allowed():
    o = office()
    wrong_type = certificate_issue(actor=None, application=None, cert_type="seal_record",
                                   holder=o.enterprise, data={}, department=o.bureau)  # fmt: skip
    id_card = material_upload(actor=o.enterprise, name="id.pdf", content=PDF)
    app = bare_application(o)
    with pytest.raises(InvalidInput) as caught:
        materials_attach(actor=o.enterprise, application=app, choices={
            "M01": "shared_data", "M02": f"certificate:{wrong_type.pk}",
            "M03": f"file:{id_card.pk}",
        })  # fmt: skip
    assert _field_errors(caught) == {"materials.M01": "no_shared_data",
                                     "materials.M02": "wrong_type"}  # fmt: skip


def test_only_the_applicant_or_agent_attaches():
    o = office()
    app = bare_application(o)
    with pytest.raises(PermissionDenied):
        materials_attach(actor=o.citizen, application=app, choices={})


def test_a_bundle_asks_once_for_a_material_two_items_need():
    from yiwang.catalog.services import bundle_save, item_create

    o = office()
    seal = item_create(
        actor=None, code=f"SC-BA-{o.n:03d}", name="印章刻制备案", item_type="public_service",
        department=o.other, statutory_limit_days=5, promised_limit_days=1,
        materials=[
            {"code": "S01", "name": "法定代表人身份证明", "required": True},
            {"code": "M02", "name": "名称自主申报告知书", "required": False},
            {"code": "S03", "name": "印模", "required": True, "accepts": "png,jpg"},
        ],
    )  # fmt: skip
    bundle = bundle_save(
        actor=None, code=f"YJS-{o.n}", name="企业开办", department=o.bureau,
        item_codes=[o.item.code, seal.code], field_map={},
        form_schema={"type": "object",
                     "properties": {"name": {"type": "string", "title": "企业名称"}}},
    )  # fmt: skip
    needs = material_needs(bundle=bundle)
    assert [n.code for n in needs] == ["M01", "M02", "M03", "M04", "S03"]
    id_need = needs[0]
    assert id_need.item_codes == [o.item.code, seal.code]
    assert id_need.required and needs[1].certificate_type == "name_approval"
    assert needs[-1].accepts_label == "PNG、JPG"
