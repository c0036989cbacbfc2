from django.contrib import admin
from django.urls import path

from lino_checkdata.actions import check_all_data
from lino_core_model.admin import site_actions_view
from lino_summaries.actions import check_all_summaries

urlpatterns = [
    # "Site tools" (the admin header links to the URL named site_tools).
    path(
        "admin/tools/",
        site_actions_view(admin.site, [check_all_summaries, check_all_data]),
        name="site_tools",
    ),
    path("admin/", admin.site.urls),
]
