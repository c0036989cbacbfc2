# Coaching points at the project's client and user models, hence its own migration
# after 0001_initial (see there); the primary constraint follows the settings.
# Databases migrated before this split got the table from the old 0001_initial
# (CreateModelIfMissing).

import django.db.models.deletion
import django.utils.timezone
import lino_core_model.models
from django.conf import settings
from django.db import migrations, models

from lino_clients.conf import app_settings
from lino_coachings.primary import primary_constraint
from lino_core_model.migration_operations import CreateModelIfMissing


class Migration(migrations.Migration):

    dependencies = [
        ('coachings', '0001_initial'),
        migrations.swappable_dependency(app_settings.CLIENT_MODEL),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        CreateModelIfMissing(
            name='Coaching',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('primary', models.BooleanField(default=False, help_text='Enabling this field automatically makes the other coachings of this client non-primary.', verbose_name='Primary')),
                ('start_date', models.DateField(default=django.utils.timezone.localdate, verbose_name='Coached from')),
                ('end_date', models.DateField(blank=True, null=True, verbose_name='until')),
                ('client', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='coachings_by_client', to=app_settings.CLIENT_MODEL, verbose_name='Client')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='coachings', to=settings.AUTH_USER_MODEL, verbose_name='Coach')),
                ('ending', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='coachings.coachingending', verbose_name='Reason of termination')),
                ('type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='coachings.coachingtype', verbose_name='Coaching type')),
            ],
            options={
                'verbose_name': 'Coaching',
                'verbose_name_plural': 'Coachings',
                'ordering': ['start_date', 'id'],
                'permissions': [('coach_clients', 'Can coach clients'), ('manage_coachings', 'Can configure coachings and edit every coaching')],
                'constraints': [primary_constraint(), models.CheckConstraint(condition=models.Q(('end_date__isnull', True), ('end_date__gte', models.F('start_date')), _connector='OR'), name='coachings_period_ordered', violation_error_message='Date period ends before it started.')],
            },
            bases=(lino_core_model.models.UIHooks, lino_core_model.models.SummaryRow, models.Model),
        ),
    ]
