import pytest
from django.db import connection

from yiwang.accounts import selectors, services
from yiwang.accounts.models import CitizenProfile, User
from yiwang.core.errors import InvalidInput, PermissionDenied
from yiwang.org.models import Role
from yiwang.org.tests.factories import small_city, staff

pytestmark = pytest.mark.django_db

ID = "11010519491231002X"
PHONE = "13812345678"


def register(username="zhangsan", id_number=ID, phone=PHONE, **extra):
    return services.citizen_register(
        username=username, password="Strong-pass-2026", real_name="张三",
        id_number=id_number, phone=phone, **extra,
    )  # fmt: skip


def test_database_holds_no_plaintext_id_number_or_phone():
    user = register()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, id_number_index FROM accounts_citizenprofile WHERE user_id = %s",
            [user.pk],
        )
        stored_id, index = cursor.fetchone()
        cursor.execute("SELECT phone, phone_index FROM accounts_user WHERE id = %s", [user.pk])
        stored_phone, phone_index = cursor.fetchone()
    for stored in (stored_id, index, stored_phone, phone_index):
        assert ID not in stored and PHONE not in stored and "1949" not in stored
    assert stored_id.startswith("sm4gcm:")
    # the application still reads the values back
    profile = CitizenProfile.objects.get(user=user)
    assert profile.id_number == ID
    assert User.objects.get(pk=user.pk).phone == PHONE


def test_encryption_is_randomised_and_lookups_use_the_blind_index():
    a = register("user-a", phone=PHONE)
    b = register("user-b", id_number="440524188001010014", phone="13900001111")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM accounts_user WHERE id IN (%s, %s)", [a.pk, b.pk])
        ciphertexts = {row[0] for row in cursor.fetchall()}
    assert len(ciphertexts) == 2
    assert selectors.user_find_by_phone("13812345678") == a
    assert selectors.user_find_by_phone("+86 139 0000 1111") == b
    assert selectors.user_find_by_id_number("11010519491231002x") == a


def test_duplicate_id_number_and_all_field_errors_reported_together():
    register()
    with pytest.raises(InvalidInput) as exc:
        services.citizen_register(
            username="x", password="123", real_name="", id_number=ID, phone="123",
        )  # fmt: skip
    fields = {e.field for e in exc.value.field_errors}
    assert {"username", "real_name", "id_number", "phone", "password"} <= fields
    codes = {e.code for e in exc.value.field_errors}
    assert "id_number_taken" in codes


def test_username_cannot_be_someone_elses_phone():
    with pytest.raises(InvalidInput) as exc:
        register(username="13900009999")
    assert exc.value.field_errors[0].code == "username_is_phone"


def test_enterprise_registration_validates_credit_code():
    with pytest.raises(InvalidInput) as exc:
        services.enterprise_register(
            username="acme", password="Strong-pass-2026", name="示范科技有限公司",
            credit_code="91350100M000100Y44", legal_representative="李四", phone=PHONE,
        )  # fmt: skip
    assert [e.code for e in exc.value.field_errors] == ["credit_code_check"]
    user = services.enterprise_register(
        username="acme", password="Strong-pass-2026", name="示范科技有限公司",
        credit_code="91350100m000100y43", legal_representative="李四", phone=PHONE,
    )  # fmt: skip
    assert user.enterprise_profile.credit_code == "91350100M000100Y43"


def test_pii_is_masked_except_for_owner_reveal_and_authorised_staff():
    citizen = register()
    masked = selectors.user_pii_for(citizen, citizen)
    assert masked["id_number"] == "110***********002X"
    assert masked["phone"] == "138****5678"
    assert selectors.user_pii_for(citizen, citizen, reveal=True)["id_number"] == ID

    city = small_city()
    handler = staff("handler-h", city.east, Role.HANDLER)
    seen = selectors.user_pii_for(handler, citizen, reveal=True)
    assert seen["id_number"] == "110***********002X" and seen["real_name"] == "张*"
    with pytest.raises(PermissionDenied):
        services.pii_reveal(viewer=handler, user=citizen)

    admin = staff("root", city.city, Role.PLATFORM_ADMIN)
    assert services.pii_reveal(viewer=admin, user=citizen)["id_number"] == ID


def test_pii_reveal_is_audited_without_the_values():
    from yiwang.audit.models import AuditRecord

    citizen = register()
    services.pii_reveal(viewer=citizen, user=citizen)
    record = AuditRecord.objects.filter(action="accounts.pii.reveal").get()
    assert ID not in str(record.changes) + record.summary


def test_api_keys_authenticate_until_revoked():
    api_key, key = services.apikey_create(actor=None, name="上级平台")
    assert key.startswith("yw_") and api_key.key_hash not in key
    account = services.apikey_authenticate(key=key)
    assert account is not None and account.kind == "system"
    assert services.apikey_authenticate(key=key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert services.apikey_authenticate(key="nonsense") is None
    services.apikey_revoke(actor=None, api_key=api_key)
    assert services.apikey_authenticate(key=key) is None


def test_staff_create_requires_permission():
    city = small_city()
    handler = staff("plain", city.east, Role.HANDLER)
    with pytest.raises(PermissionDenied):
        services.staff_create(
            actor=handler, username="newcomer", password="Strong-pass-2026", display_name="新人"
        )
