# ClientContact points at the project's models (LINO_CLIENTS_* settings), hence
# its own migration after 0001_initial: see 0001_initial. Databases migrated
# before this split got the table from the old 0001_initial (CreateModelIfMissing).

import django.db.models.deletion
import lino_core_model.models
from django.db import migrations, models

from lino_clients.conf import app_settings
from lino_core_model.migration_operations import CreateModelIfMissing


class Migration(migrations.Migration):

    dependencies = [
        ('clients', '0001_initial'),
        migrations.swappable_dependency(app_settings.CLIENT_MODEL),
        migrations.swappable_dependency(app_settings.COMPANY_MODEL),
        migrations.swappable_dependency(app_settings.PERSON_MODEL),
        migrations.swappable_dependency(app_settings.ROLE_TYPE_MODEL),
    ]

    operations = [
        CreateModelIfMissing(
            name='ClientContact',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('remark', models.TextField(blank=True, verbose_name='Remarks')),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='client_contacts', to=app_settings.CLIENT_MODEL, verbose_name='Client')),
                ('company', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)s_as_company', to=app_settings.COMPANY_MODEL, verbose_name='Organization')),
                ('contact_person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)s_as_person', to=app_settings.PERSON_MODEL, verbose_name='Contact person')),
                ('contact_role', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='%(class)s_as_role', to=app_settings.ROLE_TYPE_MODEL, verbose_name='Represented as')),
                ('type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='clients.clientcontacttype', verbose_name='Client Contact type')),
            ],
            options={
                'verbose_name': 'Client Contact',
                'verbose_name_plural': 'Client Contacts',
                'ordering': ['id'],
                'constraints': [models.CheckConstraint(condition=models.Q(('type__isnull', False), ('company__isnull', False), ('contact_person__isnull', False), models.Q(('remark', ''), _negated=True), _connector='OR'), name='clients_contact_not_empty', violation_error_message='Must fill at least one field.')],
            },
            bases=(lino_core_model.models.UIHooks, lino_core_model.models.SummaryRow, models.Model),
        ),
    ]
