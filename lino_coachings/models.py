"""Coachings, their types and the reasons of their termination."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lino_clients.conf import app_settings as clients_settings
from lino_core_model.models import Model

from . import choicelists, notify, primary
from .conf import app_settings as coachings_settings
from .primary import CONSTRAINT_NAME as PRIMARY_CONSTRAINT
from .roles import CoachingsStaff, has_coachings_role

__all__ = ["Coaching", "CoachingEnding", "CoachingType"]

PERIOD_MESSAGE = _("Date period ends before it started.")
OTHER_COACH_MESSAGE = _("Only coachings staff may assign a coaching to another coach.")


class CoachingType(Model):
    """The type of a coaching (a "service": "General Social Service", ...)."""

    name = models.CharField(_("Designation"), max_length=200)
    does_integ = models.BooleanField(
        _("Integration"), default=True,
        help_text=_("Whether coachings of this type count as integration work "
                    "(their coach takes over the evaluation events)."))
    does_gss = models.BooleanField(
        _("GSS"), default=True,
        help_text=_("Whether coachings of this type count as general social service."))
    if coachings_settings.GUEST_ROLE_MODEL:  # a site with a calendar's guest roles
        eval_guestrole = models.ForeignKey(
            coachings_settings.GUEST_ROLE_MODEL, models.PROTECT, blank=True, null=True,
            verbose_name=_("Role in evaluations"),
            help_text=_("Role when participating in evaluation meetings."))

    class Meta:
        verbose_name = _("Coaching type")
        verbose_name_plural = _("Coaching types")
        ordering = ["name", "id"]
        # Not meant to be swapped: a project's migration pointing here (the user's
        # coaching_type) then depends on our 0001_initial, not on our latest one.
        swappable = "LINO_COACHINGS_COACHING_TYPE_MODEL"

    def __str__(self) -> str:
        return self.name


class CoachingEnding(Model):
    """A reason why a coaching has been terminated."""

    seqno = models.PositiveIntegerField(_("Seq.No."), default=0)
    name = models.CharField(_("Designation"), max_length=200)
    type = models.ForeignKey(
        CoachingType, models.PROTECT, blank=True, null=True, verbose_name=_("Coaching type"),
        help_text=_("If not empty, allow this ending only on coachings of this type."))

    class Meta:
        verbose_name = _("Reason of termination")
        verbose_name_plural = _("Coaching termination reasons")
        ordering = ["seqno", "id"]

    def __str__(self) -> str:
        return self.name


class Coaching(Model):
    """A user (the coach) coaches a client during a period."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, verbose_name=_("Coach"),
                             related_name="coachings")
    client = models.ForeignKey(clients_settings.CLIENT_MODEL, models.CASCADE,
                               verbose_name=_("Client"), related_name="coachings_by_client")
    type = models.ForeignKey(CoachingType, models.PROTECT, blank=True, null=True,
                             verbose_name=_("Coaching type"))
    primary = models.BooleanField(
        _("Primary"), default=False,
        help_text=_("Enabling this field automatically makes the other coachings "
                    "of this client non-primary."))
    start_date = models.DateField(_("Coached from"), default=timezone.localdate)
    end_date = models.DateField(_("until"), blank=True, null=True)
    ending = models.ForeignKey(CoachingEnding, models.PROTECT, blank=True, null=True,
                               verbose_name=_("Reason of termination"))

    allow_cascaded_delete = "client"
    #: A merge of clients does not stop on a second primary coaching:
    #: ``primary.merge_primaries`` (a ``pre_merge`` receiver) unchecks it first.
    resolved_on_merge = (PRIMARY_CONSTRAINT,)
    #: The user who makes the current save (set by the UI hooks and the admin);
    #: excluded from the notification "a coach has been assigned".
    acting_user: Any = None
    _saved_coach_id: Any = None

    class Meta:
        verbose_name = _("Coaching")
        verbose_name_plural = _("Coachings")
        ordering = ["start_date", "id"]
        constraints = [
            primary.primary_constraint(),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="coachings_period_ordered", violation_error_message=PERIOD_MESSAGE),
        ]
        permissions = [
            ("coach_clients", _("Can coach clients")),
            ("manage_coachings", _("Can configure coachings and edit every coaching")),
        ]

    def __str__(self) -> str:
        client = getattr(self, "client", None)  # None on a new row (AttributeError)
        last = getattr(client, "last_name", None)
        if last is None:
            name = "" if client is None else str(client)
        else:
            first = getattr(client, "first_name", "")
            name = f"{last} {first[:1]}".strip()
        return f"{self.user} / {name}" if self.user_id else str(_("Coaching %s") % name)

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Coaching:
        obj = super().from_db(db, field_names, values)
        obj._saved_coach_id = obj.__dict__.get("user_id")
        return obj

    # -- validation --------------------------------------------------------
    def clean(self) -> None:
        """The coach's default type; an ending must suit the type; the acting
        user's side effects (:meth:`check_acting_user`)."""
        super().clean()
        if self.type_id is None and self.user_id is not None:
            self.type_id = getattr(self.user, "coaching_type_id", None)
        if self.ending_id is not None and self.ending.type_id not in (None, self.type_id):
            raise ValidationError({"ending": _(
                "%(ending)s is only for coachings of type %(type)s.")
                % {"ending": self.ending, "type": self.ending.type}})
        if self.acting_user is not None:
            self.check_acting_user(self.acting_user)

    def check_acting_user(self, user: Any) -> None:
        """Refuse (``ValidationError``) a save by ``user`` that leaves a coaching
        they may not edit: this one given to another coach, or another primary
        coaching unchecked. Creating needs the permission of editing."""
        if not self.may_assign_coach(user):
            raise ValidationError({"user": OTHER_COACH_MESSAGE})
        primary.check_foreign_primaries(self, user)

    def validate_constraints(self, exclude: Any = None) -> None:
        """Saving unchecks the other primaries: the primary constraint cannot fail here."""
        super().validate_constraints(exclude={*(exclude or ()), "primary"})

    @classmethod
    def ending_choices(cls, type: CoachingType | None) -> models.QuerySet:
        """The endings allowed for a coaching of ``type``."""
        q = models.Q(type__isnull=True)
        if type is not None:
            q |= models.Q(type=type)
        return CoachingEnding.objects.filter(q)

    # -- saving --------------------------------------------------------------
    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save; a primary coaching first unchecks the others (one transaction);
        a new coach is notified. With an ``acting_user``, refuse what
        :meth:`check_acting_user` refuses."""
        using = kwargs.get("using") or self._state.db or "default"
        with transaction.atomic(using=using):
            if self.acting_user is not None and not self.may_assign_coach(self.acting_user):
                raise ValidationError({"user": OTHER_COACH_MESSAGE})  # as clean() does
            if self.primary:
                primary.uncheck_other_primaries(self, using, self.acting_user)
            try:
                with transaction.atomic(using=using):
                    super().save(*args, **kwargs)
            except IntegrityError:
                if self.primary and primary.other_primaries(self).using(using).exists():
                    raise ValidationError({"primary": primary.MESSAGE})
                raise
            if self.user_id != self._saved_coach_id:
                notify.send(self, self.acting_user)
        self._saved_coach_id = self.user_id

    def on_create(self, ar: Any) -> None:
        user = ar.get_user() if ar is not None else None
        if user is not None and self.user_id is None:
            self.user = user

    def before_ui_save(self, ar: Any, cw: Any) -> None:
        self.acting_user = ar.get_user() if ar is not None else None
        if self.ending_id is not None and self.end_date is None:
            self.end_date = timezone.localdate()

    def on_duplicate(self, ar: Any, master: Any) -> None:
        """A copy for the same client is never primary (a copied client's is); the
        user of ``ar`` may copy only coachings they could create (:meth:`check_acting_user`)."""
        if master is None:
            self.primary = False
        user = ar.get_user() if ar is not None else None
        if user is not None and not self.may_assign_coach(user):
            raise PermissionDenied(_("Cannot copy %(coaching)s: %(reason)s") % {
                "coaching": self, "reason": OTHER_COACH_MESSAGE})

    # -- permissions ---------------------------------------------------------
    def can_edit(self, user: Any) -> bool:
        """Only the coach or a coachings staff member may change a coaching (its
        coach as saved: an unsaved change of the coach gives no permission)."""
        if user is None or not getattr(user, "is_authenticated", False):
            return False
        coach_id = self.user_id if self._state.adding else self._saved_coach_id
        return user.pk == coach_id or self.can_edit_all(user)

    def may_assign_coach(self, user: Any) -> bool:
        """Whether ``user`` may save this coaching with its coach: the coach as
        saved, the user themselves, or any coach for coachings staff."""
        return self.user_id in (self._saved_coach_id, getattr(user, "pk", None)) \
            or self.can_edit_all(user)

    @staticmethod
    def can_edit_all(user: Any) -> bool:
        """Whether ``user`` may edit every coaching (coachings staff)."""
        return has_coachings_role(user, CoachingsStaff)

    def get_row_permission(self, ar: Any, state: Any, ba: Any) -> bool:
        if ba is None or getattr(ba, "readonly", False):
            return True
        return self.can_edit(ar.get_user() if ar is not None else None)

    # -- table filters -------------------------------------------------------
    @classmethod
    def get_user_queryset(cls, user: Any, **filter: Any) -> models.QuerySet:
        return cls._default_manager.select_related("user", "client", "type", "ending").filter(
            **filter)

    @classmethod
    def add_param_filter(cls, qs: models.QuerySet, lookup_prefix: str = "",
                         start_date: Any = None, end_date: Any = None,
                         observed_event: Any = None, coached_by: Any = None,
                         and_coached_by: Any = None, primary_coachings: Any = None,
                         coaching_type: Any = None, ending: Any = None,
                         **others: Any) -> models.QuerySet:
        """The ``Coachings`` parameters (each ignored when empty)."""
        if observed_event and (start_date or end_date):
            event = choicelists.PeriodEvents.to_python(observed_event)
            qs = qs.filter(event.period_q(start_date, end_date))
        coaches = [u for u in (coached_by, and_coached_by) if u]
        if coaches:
            qs = qs.filter(user__in=coaches)
        if primary_coachings is not None:
            qs = qs.filter(primary=primary_coachings)
        if coaching_type:
            qs = qs.filter(type=coaching_type)
        if ending:
            qs = qs.filter(ending=ending)
        return qs.filter(**others) if others else qs
