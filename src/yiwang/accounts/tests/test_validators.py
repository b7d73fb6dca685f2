import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from yiwang.accounts.validators import (
    credit_code_check_char,
    validate_credit_code,
    validate_id_number,
    validate_mobile_phone,
)

# Examples published with the standards and by public registers.
VALID_ID_NUMBERS = ["11010519491231002X", "440524188001010014", "110105199003072418"]
VALID_CREDIT_CODES = ["91350100M000100Y43", "91110000600037341L", "914403001922038216"]


@pytest.mark.parametrize("number", VALID_ID_NUMBERS)
def test_valid_resident_ids_pass_and_are_canonical(number):
    assert validate_id_number(number) == number
    assert validate_id_number(number.lower() + " ") == number


def test_lower_case_x_and_full_width_digits_are_normalised():
    assert validate_id_number("11010519491231002x") == "11010519491231002X"
    assert validate_id_number("１１０１０５１９４９１２３１００２Ｘ") == "11010519491231002X"


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("110105194912310021", "id_number_check_digit"),  # wrong check digit
        ("11010519491231002", "id_number_format"),  # 17 characters
        ("1101051949123100XX", "id_number_format"),
        ("110105194902300021", "id_number_birth_date"),  # 30 February
        ("990105194912310021", "id_number_region"),  # no such province
        ("", "id_number_format"),
    ],
)
def test_invalid_resident_ids_name_the_problem(number, code):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(number)
    assert exc.value.code == code


def test_every_single_digit_substitution_is_rejected():
    base = "11010519491231002X"
    for position in range(18):
        for digit in "0123456789X":
            if digit == base[position] or (digit == "X" and position < 17):
                continue
            candidate = base[:position] + digit + base[position + 1 :]
            with pytest.raises(ValidationError):
                validate_id_number(candidate)


@pytest.mark.parametrize("code", VALID_CREDIT_CODES)
def test_valid_credit_codes_pass(code):
    assert validate_credit_code(code.lower()) == code


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91350100M000100Y44", "credit_code_check"),
        ("91350100M000100Y4", "credit_code_format"),
        ("91350100M0001O0Y43", "credit_code_format"),  # letter O is not in the charset
        ("9135A100M000100Y43", "credit_code_region"),
    ],
)
def test_invalid_credit_codes_name_the_problem(code, error):
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert exc.value.code == error


def test_embedded_organisation_code_is_checked():
    # change the organisation code's check character and re-seal the outer check character
    body = "91350100M000100Y" + "5"
    code = body + credit_code_check_char(body)
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert exc.value.code == "credit_code_org_check"


def test_mobile_numbers():
    assert validate_mobile_phone("13812345678") == "13812345678"
    assert validate_mobile_phone("+86 138 1234 5678") == "13812345678"
    for bad in ["12812345678", "1381234567", "abc", "", "138123456789"]:
        with pytest.raises(ValidationError):
            validate_mobile_phone(bad)


def test_messages_exist_in_chinese_and_english():
    with pytest.raises(ValidationError) as exc:
        validate_id_number("110105194912310021")
    message = exc.value.message
    with translation.override("zh-hans"):
        assert "校验位" in str(message)
    with translation.override("en"):
        assert "check" in str(message).lower()
