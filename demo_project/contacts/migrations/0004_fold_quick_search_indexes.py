"""The quick-search indexes hold folded text (case, accents, look-alikes): rebuild
the ones that ``0003`` created with raw (SQLite) or upper-case (PostgreSQL) text."""

import lino_core_model.migration_operations
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('contacts', '0003_quick_search_indexes'),
    ]

    operations = [
        lino_core_model.migration_operations.RebuildQuickSearchIndex(
            model_name='partner', name='partner_quick_search',
        ),
        lino_core_model.migration_operations.RebuildQuickSearchIndex(
            model_name='person', name='person_quick_search',
        ),
    ]
