"""Summary periods: ISO weeks (53 included), the years read when used."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest

from demo_project.notes.models import Note
from lino_summaries.conf import app_settings
from lino_summaries.periods import date_lookups, get_summary_periods, iso_weeks


def test_iso_week_53(settings):
    settings.LINO_SUMMARIES_START_YEAR = 2020
    settings.LINO_SUMMARIES_END_YEAR = 2021
    weeks = list(get_summary_periods("weekly"))
    assert iso_weeks(2020) == 53 and iso_weeks(2021) == 52
    assert (2020, 53) in weeks and (2021, 53) not in weeks
    assert len(weeks) == 105


@pytest.mark.django_db
def test_days_around_new_year_count_in_their_iso_week():
    # 2021-01-01 and 2021-01-03 are in 2020-W53; 2019-12-30 is in 2020-W01.
    for day in (datetime.date(2021, 1, 1), datetime.date(2021, 1, 3), datetime.date(2019, 12, 30)):
        Note.objects.create(partner_id=201, date=day, subject="new year")
    notes = Note.objects.filter(subject="new year")
    assert notes.filter(**date_lookups("weekly", "date", 2020, 53)).count() == 2
    assert notes.filter(**date_lookups("weekly", "date", 2020, 1)).count() == 1
    assert notes.filter(**date_lookups("weekly", "date", 2019, 1)).count() == 0


def test_other_periods(settings):
    settings.LINO_SUMMARIES_START_YEAR = 2023
    settings.LINO_SUMMARIES_END_YEAR = 2024
    assert list(get_summary_periods("yearly")) == [(2023, None), (2024, None)]
    assert len(list(get_summary_periods("monthly"))) == 24
    assert list(get_summary_periods("timeless")) == [(None, None)]
    with pytest.raises(ValueError, match="Invalid summary_period 'daily'"):
        list(get_summary_periods("daily"))


def test_default_years_follow_the_clock(settings):
    del settings.LINO_SUMMARIES_START_YEAR
    del settings.LINO_SUMMARIES_END_YEAR
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2030, 12, 31)):
        assert (app_settings.START_YEAR, app_settings.END_YEAR) == (2028, 2030)
    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2031, 1, 1)):
        assert (app_settings.START_YEAR, app_settings.END_YEAR) == (2029, 2031)


@pytest.mark.django_db
def test_weekly_summary_counts_new_year_days_in_week_53(settings, monkeypatch):
    from django.contrib.auth import get_user_model

    from demo_project.contracts.models import UserStat
    from lino_summaries.recompute import check_summaries

    settings.LINO_SUMMARIES_START_YEAR = settings.LINO_SUMMARIES_END_YEAR = 2020
    monkeypatch.setattr(UserStat, "summary_period", "weekly")
    robin = get_user_model().objects.get(username="robin")
    for day in (datetime.date(2020, 12, 31), datetime.date(2021, 1, 3),
                datetime.date(2019, 12, 30)):
        Note.objects.create(partner_id=201, user=robin, date=day, subject="new year")
    check_summaries([UserStat])
    rows = UserStat.objects.filter(master=robin)
    assert rows.count() == 53
    assert rows.get(year=2020, month=53).notes == 2
    assert rows.get(year=2020, month=1).notes == 1
