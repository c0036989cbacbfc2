"""The declarative path costs the same number of queries for 5 or 45 masters."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from demo_project.avanti.models import Client
from demo_project.contracts.models import UserStat
from lino_summaries.recompute import check_summaries

pytestmark = pytest.mark.django_db


def add_masters(n: int) -> None:
    get_user_model().objects.bulk_create(
        get_user_model()(username=f"user{i}") for i in range(n)
    )
    for i in range(n):
        Client.objects.create(first_name="Many", last_name=f"Client{i}")


# UserStat: SAVEPOINT; the rows another row refers to (kept, one SELECT of every
# protecting GFK); the delete of the others through the policy: the EXISTS of every
# protecting GFK (tags, notes) and of those that cascade or clear (problems) in
# one query, SAVEPOINT, one DELETE, RELEASE; 12 INSERT ...
# SELECT (one per month), one UPDATE, RELEASE.
# Client: SAVEPOINT, one UPDATE, RELEASE.
# Where the database has row locks, one more each: for UserStat the lock of the
# rows (before the kept rows are chosen) and again by the delete, for Client the
# lock of its masters (the lock order).
@pytest.mark.parametrize("extra", [0, 40])
def test_query_count_does_not_grow_with_masters(extra, django_assert_num_queries):
    lock = int(connection.features.has_select_for_update)
    add_masters(extra)
    with django_assert_num_queries(USERSTAT_QUERIES + 2 * lock):
        check_summaries([UserStat])
    with django_assert_num_queries(3 + lock):
        check_summaries([Client])
    assert UserStat.objects.count() == (5 + extra) * 12


USERSTAT_QUERIES = 20
