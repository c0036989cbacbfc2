from django.utils.translation import gettext_lazy as _

from lino_core_model.workflows import Workflow


class NoteStates(Workflow):
    verbose_name_plural = _("Note states")


add = NoteStates.add_item
add("10", _("Draft"), "draft", button_text="☐")
add("20", _("Done"), "done", button_text="☑")
add("30", _("Cancelled"), "cancelled", button_text="☒")

NoteStates.done.add_transition(_("Mark as done"), required_states="draft")
NoteStates.cancelled.add_transition(_("Cancel"), required_states="draft")
NoteStates.draft.add_transition(_("Reopen"), required_states="done cancelled")
