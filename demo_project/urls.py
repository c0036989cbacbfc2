from django.contrib import admin
from django.urls import path
from django.views.generic import TemplateView

from lino_checkdata.actions import check_all_data
from lino_core_model.admin import site_actions_view
from lino_summaries.actions import check_all_summaries

urlpatterns = [
    path("", TemplateView.as_view(template_name="demo_project/index.html"), name="home"),
    path("admin/tools/", site_actions_view(admin.site, [check_all_summaries, check_all_data]),
         name="site_tools"),
    path("admin/", admin.site.urls),
]
