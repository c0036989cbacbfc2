"""The change list's search box runs the quick search."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def _rows(response) -> list:
    return list(response.context["cl"].result_list)


def test_hash_finds_the_primary_key_without_like(robin):
    with CaptureQueriesContext(connection) as queries:
        response = robin.get("/admin/avanti/client/", {"q": "#120"})
    assert [c.pk for c in _rows(response)] == [120]
    client_queries = [q["sql"] for q in queries if "avanti_client" in q["sql"]]
    assert client_queries and not any("LIKE" in sql.upper() for sql in client_queries)


def test_star_searches_the_ref_field(robin):
    response = robin.get("/admin/contacts/company/", {"q": "*rumma"})
    assert [c.pk for c in _rows(response)] == [100]


def test_words_must_all_match(robin):
    assert [p.pk for p in _rows(robin.get("/admin/contacts/person/", {"q": "arens andreas"}))] \
        == [203]
    assert _rows(robin.get("/admin/contacts/person/", {"q": "arens nobody"})) == []


def test_search_box_on_a_list_without_search_fields(robin):
    content = robin.get("/admin/contracts/contract/").content.decode()
    assert 'id="searchbar"' in content


def test_a_search_counts_its_rows_once(robin):
    """show_full_result_count = False: no second COUNT(*) of the whole table."""
    with CaptureQueriesContext(connection) as queries:
        response = robin.get("/admin/contacts/partner/", {"q": "dobbel"})
    assert response.status_code == 200
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert len(counts) == 1, counts


def test_a_thousand_words_give_a_message_not_a_500(robin):
    words = " ".join(f"w{i}" for i in range(1000))
    response = robin.get("/admin/contacts/partner/", {"q": words})
    assert response.status_code == 200
    assert _rows(response) == []
    assert "Too many words" in response.content.decode()



def test_a_thousand_words_on_a_plain_model_are_refused():
    """The search of models that are not ours (``quick_search_q``'s fallback) has the
    same limit as ``quick_search_filter``."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.exceptions import ValidationError

    from lino_core_model.tables import quick_search_q

    with pytest.raises(ValidationError):
        quick_search_q(ContentType, " ".join(f"w{i}" for i in range(1000)))
    assert ContentType.objects.filter(quick_search_q(ContentType, "contact " * 1000)).exists()
