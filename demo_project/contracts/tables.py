"""Tables of contracts and user statistics."""

from __future__ import annotations

from lino_core_model.tables import Table

from .models import Contract, UserStat


class Contracts(Table):
    model = Contract
    column_names = "client start_date end_date user"


class ContractsByClient(Table):
    model = Contract
    master_key = "client"
    column_names = "start_date end_date user"


class UserStats(Table):
    model = UserStat
    column_names = "master year month notes contracts"
    hide_sum = "year month"


class UserStatsByUser(Table):
    model = UserStat
    master_key = "master"
    column_names = "year month notes contracts"
    hide_sum = "year month"
