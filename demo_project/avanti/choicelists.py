"""The avanti site replaces the client states and the known contact types."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lino_clients.choicelists import ClientStates, KnownContactTypes

ClientStates.clear()
ClientStates.add_item("05", _("Incoming"), "incoming")
ClientStates.add_item("07", _("Informed"), "informed")
ClientStates.add_item("10", _("Newcomer"), "newcomer")
ClientStates.add_item("15", _("Equal"), "equal")
ClientStates.add_item("20", _("Registered"), "coached")
ClientStates.add_item("25", _("Inactive"), "inactive")
ClientStates.add_item("30", _("Ended"), "former")
ClientStates.add_item("40", _("Abandoned"), "refused")

KnownContactTypes.clear()
KnownContactTypes.add_item("10", _("Health insurance"), "health_insurance")
KnownContactTypes.add_item("20", _("School"), "school")
KnownContactTypes.add_item("30", _("Pharmacy"), "pharmacy")
KnownContactTypes.add_item("40", _("Public Center for Social Welfare"), "social_center")
KnownContactTypes.add_item("60", _("Work consultant"), "work_consultant")

ClientStates.informed.add_transition(_("Inform"), required_states="incoming")
ClientStates.newcomer.add_transition(_("Newcomer"), required_states="incoming informed")
ClientStates.coached.add_transition(_("Register"), required_states="newcomer equal inactive")
ClientStates.inactive.add_transition(_("Deactivate"), required_states="coached")
ClientStates.former.add_transition(_("End"), required_states="coached inactive")
ClientStates.refused.add_transition(
    _("Abandon"), required_states="incoming informed newcomer equal")
