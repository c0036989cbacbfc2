"""The note workflow, and the transitions between client states."""

from django.utils.translation import gettext_lazy as _

from lino_clients.choicelists import ClientStates
from lino_core_model.workflows import Workflow


class NoteStates(Workflow):
    verbose_name_plural = _("Note states")


NoteStates.add_item("10", _("Draft"), "draft")
NoteStates.add_item("20", _("Done"), "done")
NoteStates.add_item("30", _("Cancelled"), "cancelled")

NoteStates.done.add_transition(_("Mark as done"), required_states="draft")
NoteStates.cancelled.add_transition(_("Cancel"), required_states="draft")
NoteStates.draft.add_transition(_("Reopen"), required_states="done cancelled")

# lino_clients defines the client states (newcomer, refused, coached, former)
# without transitions: each site adds those it wants.
ClientStates.coached.add_transition(_("Register"), required_states="newcomer former")
ClientStates.former.add_transition(_("End coaching"), required_states="coached")
