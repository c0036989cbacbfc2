"""Django's admin site with a "Site tools" entry in its index and sidebar."""

from django.contrib import admin
from django.urls import reverse


class AdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        # The site tools need the SiteStaff role (a permission, see lino_core_model.roles).
        if app_label is None and request.user.has_perm("lino_core_model.site_staff"):
            url = reverse("site_tools")
            tools = {
                "name": "Check summaries and data",
                "object_name": "SiteTools",
                "admin_url": url,
                "view_only": True,
            }
            app_list.append(
                {
                    "name": "Site tools",
                    "app_label": "site_tools",
                    "app_url": url,
                    "has_module_perms": True,
                    "models": [tools],
                }
            )
        return app_list
