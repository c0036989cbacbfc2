"""An admin site with the merge action on courses and students (``pytest.mark.urls``);
the demo's admin site does not see the test models."""

from django.contrib.admin import AdminSite
from django.urls import path

from demo_project.urls import urlpatterns as demo_urlpatterns
from lino_core_model.admin import ModelAdmin
from tests.relations.models import Course, Enrolment, Student, Workshop

site = AdminSite(name="relations")


class MergeableAdmin(ModelAdmin):
    merge_action = True


for model in (Course, Workshop, Student, Enrolment):
    site.register(model, MergeableAdmin)

urlpatterns = [path("relations/", site.urls), *demo_urlpatterns]
