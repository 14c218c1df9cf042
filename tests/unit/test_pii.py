"""Personal information: masking, keyed hashing, and spotting full ID numbers in text."""

from xinyong.records.pii import contains_full_id, hash_id_number, mask_id_number


def test_mask_keeps_first_six_and_last_four():
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("110105********002X") == "110105********002X"
    assert mask_id_number("ABC123") == "AB****"


def test_hash_is_keyed():
    a = hash_id_number("11010519491231002X", b"key-one")
    assert a == hash_id_number("11010519491231002X", b"key-one")
    assert a != hash_id_number("11010519491231002X", b"key-two")
    assert len(a) == 64


def test_full_ids_are_found_in_text_but_not_masked_ones_or_longer_numbers():
    assert contains_full_id("当事人身份证号11010519491231002X，住址…")
    assert not contains_full_id("110105********002X")
    assert not contains_full_id("911101085513850821234567")
    assert not contains_full_id("统一社会信用代码91110108551385082Q")


def test_no_log_line_carries_a_full_id_number(caplog):
    import logging

    from xinyong.site import log_privacy

    log_privacy.install()
    caplog.set_level(logging.INFO)
    logging.getLogger("werkzeug").info(
        '%s - - "%s" %s', "127.0.0.1", "GET /search?q=420104198503171238 HTTP/1.1", 200
    )
    logging.getLogger("gunicorn.access").info("%(r)s", {"r": "GET /search?q=11010519491231002X"})
    logging.getLogger("gunicorn.access").info(
        "%(r)s", {"r": "GET /search?q=%E7%8E%8B%E4%BA%94%20420104198503171238"}
    )
    logging.getLogger("gunicorn.access").info(
        "%(r)s", {"r": "GET /search?q=%34%32%30%31%30%34%31%39%38%35%30%33%31%37%31%32%33%38"}
    )
    assert not contains_full_id(caplog.text)
    assert "420104198503171238" not in caplog.text and "11010519491231002X" not in caplog.text
    assert "420104********1238" in caplog.text and "110105********002X" in caplog.text
    from urllib.parse import unquote

    assert not contains_full_id(unquote(caplog.text))


# -- the one ID finder (issue 11 §4): every written form, and what must be left alone ---------
import pytest  # noqa: E402

from xinyong.records.pii import find_ids, mask_ids_in_encoded, mask_ids_in_text  # noqa: E402

ID = "11010519491231002X"
ID2 = "420104198503171238"
MASKED, MASKED2 = "110105********002X", "420104********1238"
FULL_WIDTH = ID.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"当事人身份证号{ID}，住址…", f"当事人身份证号{MASKED}，住址…"),
        (f"sfz{ID2}", f"sfz{MASKED2}"),
        (f"ID:{ID.lower()}", f"ID:{MASKED}"),
        (f"ID:{ID}abc", f"ID:{MASKED}abc"),
        (f"身份证{FULL_WIDTH}号", f"身份证{MASKED}号"),
        ("４２０１０４１９８５０３１７１２３８", MASKED2),
        ("420104 19850317 1238", MASKED2),
        ("420104-19850317-1238", MASKED2),
        ("420104－19850317－1238", MASKED2),
        ("420104\u300019850317\u30001238", MASKED2),
        ("4201\u200b04198503171238", MASKED2),
        (f"王五 {ID2} 张三 {ID}", f"王五 {MASKED2} 张三 {MASKED}"),
        ("旧证420106850317123号", "旧证420106*****7123号"),
        ("420106 850317 123", "420106*****7123"),
    ],
)
def test_every_written_form_of_an_id_number_is_masked(text, expected):
    assert mask_ids_in_text(text) == expected
    assert contains_full_id(text)
    assert not contains_full_id(mask_ids_in_text(text))


@pytest.mark.parametrize(
    "text",
    [
        # public valid USCCs (domain.md §2) and the failing ones
        "91110108551385082Q",
        "914403001922038216",
        "91110000802100433B",
        "91330100799655058B",
        "91520000214434146R",
        "91310000132200821H",
        "11420000MB15291767",
        "91110108551385082A",
        "914403001922038217",
        "统一社会信用代码91110108551385082Q",
        "武市监处罚〔2024〕123号",
        "鄂汉市监罚字〔2024〕420105202405060001号",  # wrong check digit
        "911101085513850821234567",
        "4201041985031712381",
        "1420104198503171238",  # longer numbers
        "420104198503171239",  # wrong check digit
        "420104199902301231",  # no such date (check digit right)
        "420100000123456",  # a 注册号: no birth date in it
        "110105********002X",
        "420104*****1238",
        "110105198513329",
        "",
        "710258330529937a2c77ea7942bae3f1dbf24af017b0605848937f6d475973e0",  # a hash
    ],
)
def test_codes_document_numbers_and_long_numbers_are_left_alone(text):
    assert mask_ids_in_text(text) == text
    assert not contains_full_id(text)


def test_wrong_date_18_digit_number_with_right_check_digit_is_left_alone():
    from xinyong.records.identifiers import resident_id_check_char

    body = "42010419990230123"
    assert not contains_full_id(body + resident_id_check_char(body))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GET /search?q=%E7%8E%8B%E4%BA%94%20420104198503171238 HTTP/1.1", MASKED2),
        ("GET /search?q=%34%32%30%31%30%34%31%39%38%35%30%33%31%37%31%32%33%38 HTTP/1.1", MASKED2),
        (
            "GET /search?q=%2534%2532%2530%2531%2530%2534%2531%2539%2538%2535%2530%2533%2531%2537"
            "%2531%2532%2533%2538 HTTP/1.1",
            MASKED2,
        ),
        (
            "/search?q=%EF%BC%94%EF%BC%92%EF%BC%90%EF%BC%91%EF%BC%90%EF%BC%94%EF%BC%91%EF%BC%99"
            "%EF%BC%98%EF%BC%95%EF%BC%90%EF%BC%93%EF%BC%91%EF%BC%97%EF%BC%91%EF%BC%92%EF%BC%93"
            "%EF%BC%98",
            MASKED2,
        ),
        ("/search?q=420104+19850317+1238&tab=records", MASKED2),
    ],
)
def test_percent_encoded_ids_are_masked_in_urls(text, expected):
    masked = mask_ids_in_encoded(text)
    assert expected in masked
    assert not contains_full_id(masked)
    from urllib.parse import unquote

    assert not contains_full_id(unquote(unquote(masked)))


def test_spans_point_into_the_text_as_given():
    text = f"甲{FULL_WIDTH}乙"
    (found,) = find_ids(text)
    assert text[found.start : found.end] == FULL_WIDTH and found.code == ID
