from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.staticfiles.views import serve
from django.http import Http404, HttpRequest
from django.urls import path, re_path
from django.views.generic import TemplateView

from lino_checkdata.actions import check_all_data
from lino_core_model.admin import site_actions_view
from lino_summaries.actions import check_all_summaries


def static_file(request: HttpRequest, path: str) -> Any:
    """A static file, when the demo serves them (``DEMO_SERVE_STATIC``, ``scripts/demo``).

    Django's static handler of ``runserver`` lets ``SuspiciousFileOperation``
    (``/static/%2e%2e/settings.py``) through as a 500; in a view, Django's request
    handling answers it 400 (``scripts/demo`` runs ``runserver --nostatic``).
    """
    if not settings.DEMO_SERVE_STATIC:
        raise Http404
    return serve(request, path, insecure=True)


urlpatterns = [
    path("", TemplateView.as_view(template_name="demo_project/index.html"), name="home"),
    path("admin/tools/", site_actions_view(admin.site, [check_all_summaries, check_all_data]),
         name="site_tools"),
    path("admin/", admin.site.urls),
    re_path(rf"^{re.escape(settings.STATIC_URL.lstrip('/'))}(?P<path>.*)$", static_file),
]
