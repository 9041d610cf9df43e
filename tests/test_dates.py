import pytest

from accord.stages.dates import find_dates


@pytest.mark.parametrize("lang,text,doc_date,expected", [
    ("de", "Am 1. März traf der Minister", "2021-03-01", "2021-03-01"),
    ("de", "Im Juli 1997 trat es dem Rat bei", None, "1997-07"),
    ("de", "Baku, 18. Mai, AZERTAC", "2021", "2021-05-18"),
    ("de", "01 März 2021", None, "2021-03-01"),
    ("en", "on 9 October were discussed", None, None),
    ("en", "on 9 October were discussed", "2019-10-10", "2019-10-09"),
    ("en", "BAKU, March 3, 2023 -", None, "2023-03-03"),
    ("en", "in March 1992 relations began", None, "1992-03"),
    ("en", "the talks yesterday", "2022-06-15", "2022-06-14"),
    ("en", "on Tuesday the ministers", "2024-01-12", "2024-01-09"),
    ("en", "date 2019-10-29 + 16 px", None, "2019-10-29"),
    ("ru", "18 марта 2021 года", None, "2021-03-18"),
    ("ru", "вчера министры встретились", "2023-04-12", "2023-04-11"),
    ("de", "12.04.2023", None, "2023-04-12"),
    ("es", "26 de marzo de 2023", None, "2023-03-26"),
    ("es", "el 14 de diciembre el Gobierno", "2023-05-01", "2022-12-14"),
    ("es", "en enero de 2019", None, "2019-01"),
    ("es", "12/07/2021", None, "2021-07-12"),
    ("en", "07/12/2021", None, "2021-07-12"),
    ("fr", "le 1er mars 2022", None, "2022-03-01"),
    ("en", "on the 1st of March", "2023-05-01", "2023-03-01"),
    ("es", "las bandas atacaron en marzo comisarías", "2024-06-26", "2024-03"),
    ("en", "in early November the army", "2024-06-26", "2023-11"),
    ("ru", "в марте Россия", "2024-06-26", "2024-03"),
    ("de", "im März hatte", "2024-06-26", "2024-03"),
    ("en", "in March 2019 relations", None, "2019-03"),
])
def test_dates_find(kb, lang, text, doc_date, expected):
    hits = find_dates(text, kb.pack(lang), doc_date)
    assert hits, text
    assert hits[0].value == expected


@pytest.mark.parametrize("lang,text", [
    ("de", "Die Minister trafen sich mit dem Botschafter"),
    ("en", "We met them in the capital"),
    ("de", "Gespräche mit der Delegation"),
])
def test_dates_no_weekday_traps(kb, lang, text):
    assert find_dates(text, kb.pack(lang), "2021-03-01") == []


def test_dates_month_only_gets_no_day(kb):
    hits = find_dates("im März 1992", kb.pack("de"), "2021-03-01")
    assert hits[0].value == "1992-03"
