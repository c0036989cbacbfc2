"""Demo rows of lino_summaries: contracts of the avanti clients, then all summaries computed.

Contract ids 1-6 are explicit (the spec prints the clients' summary fields).
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from demo_project.contracts.models import Contract
from lino_summaries.recompute import check_summaries

CONTRACTS = [  # id, client, author, start (year, month, day), end or None
    (1, 120, "rolf", (2024, 3, 4), (2024, 9, 30)),
    (2, 120, "rolf", (2024, 10, 1), None),
    (3, 135, "romain", (2024, 4, 15), (2025, 4, 14)),
    (4, 145, "nelly", (2023, 1, 9), (2023, 12, 31)),
    (5, 159, "nathalie", (2024, 3, 11), (2024, 6, 30)),
    (6, 159, "robin", (2024, 7, 1), (2025, 6, 30)),
]


def load_summaries_data() -> None:
    """Create the contracts, then compute every summary (``checksummaries``)."""
    users = {u.username: u for u in get_user_model().objects.all()}
    Contract.objects.bulk_create(
        Contract(
            pk=pk, client_id=client, user=users[author], start_date=datetime.date(*start),
            end_date=datetime.date(*end) if end else None,
        )
        for pk, client, author, start, end in CONTRACTS
    )
    check_summaries()
