"""The application's client workflow: transitions on our ClientStates."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lino_clients.choicelists import ClientStates

ClientStates.coached.add_transition(_("Register"), required_states="newcomer")
ClientStates.former.add_transition(_("End"), required_states="coached")
ClientStates.refused.add_transition(_("Refuse"), required_states="newcomer")
