"""Identifiers against the public codes of domain.md §2."""

from datetime import date

import pytest

from xinyong.records.identifiers import (
    IdentifierError,
    is_valid_org_code,
    is_valid_resident_id,
    is_valid_uscc,
    make_resident_id,
    make_uscc,
    suggest_uscc_corrections,
    validate_org_code,
    validate_resident_id,
    validate_uscc,
)

PUBLIC_VALID = [
    "91110108551385082Q",
    "914403001922038216",
    "91110000802100433B",
    "91330100799655058B",
    "91520000214434146R",
    "91310000132200821H",
    "11420000MB15291767",
]


@pytest.mark.parametrize("code", PUBLIC_VALID)
def test_public_codes_pass_both_checks(code):
    assert is_valid_uscc(code)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91110108551385082A", "统一社会信用代码校验位错误：应为Q，实际为A"),
        ("914403001922038217", "统一社会信用代码校验位错误：应为6，实际为7"),
        ("9111010855138508", "统一社会信用代码应为18位，实际为16位"),
        ("9111010855138508IQ", "统一社会信用代码含非法字符：I"),
        ("913302******531452", "统一社会信用代码已脱敏（含*），无法校验"),
    ],
)
def test_bad_codes_say_why(code, message):
    with pytest.raises(IdentifierError) as err:
        validate_uscc(code)
    assert err.value.message == message


def test_lower_case_full_width_and_spaces_are_normalised_first():
    assert validate_uscc(" ９１１１０１０８５５１３８５０８２ｑ ") == "91110108551385082Q"
    assert validate_uscc("91110108551385082q") == "91110108551385082Q"


def test_inner_organisation_code_check_is_enforced():
    good = make_uscc("9", "1", "420102", "MA4K0001")
    body = good[:16] + ("0" if good[16] != "0" else "1")
    from xinyong.records.identifiers import uscc_check_char

    forged = body + uscc_check_char(body)  # outer check right, inner check wrong
    with pytest.raises(IdentifierError) as err:
        validate_uscc(forged)
    assert err.value.message == "统一社会信用代码中的组织机构代码（第9–17位）校验位错误"


@pytest.mark.parametrize("authority", ["N", "Y", "5", "1"])
def test_codes_from_every_authority_are_accepted(authority):
    assert is_valid_uscc(make_uscc(authority, "1", "420117", "12345678"))


def test_one_wrong_character_suggests_the_real_code():
    assert "91110108551385082Q" in suggest_uscc_corrections("91110108551385092Q")


def test_organisation_code_with_and_without_hyphen():
    assert validate_org_code("55138508-2") == "551385082"
    assert is_valid_org_code("551385082")
    assert not is_valid_org_code("551385083")


@pytest.mark.parametrize("code", ["11010519491231002X", "440524188001010014", "11010519491231002x"])
def test_public_resident_ids_pass(code):
    assert is_valid_resident_id(code)


def test_resident_id_errors():
    with pytest.raises(IdentifierError) as err:
        validate_resident_id("110105194912310021")
    assert err.value.message == "居民身份证号码校验位错误：应为X，实际为1"
    with pytest.raises(IdentifierError):
        validate_resident_id("110105194902300021")  # 30 February
    assert is_valid_resident_id(make_resident_id("420102", date(1990, 1, 31), 7))
