# Coaching types and endings only: a project's user model may point at the types
# (CoachMixin.coaching_type), so this migration needs none of the project's models.
# Coaching, which points at the project's client and user models, follows in 0002.

import django.db.models.deletion
import lino_core_model.models
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name='CoachingType',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='Designation')),
                ('does_integ', models.BooleanField(default=True, help_text='Whether coachings of this type count as integration work (their coach takes over the evaluation events).', verbose_name='Integration')),
                ('does_gss', models.BooleanField(default=True, help_text='Whether coachings of this type count as general social service.', verbose_name='GSS')),
            ],
            options={
                'verbose_name': 'Coaching type',
                'verbose_name_plural': 'Coaching types',
                'ordering': ['name', 'id'],
                'swappable': 'LINO_COACHINGS_COACHING_TYPE_MODEL',
            },
            bases=(lino_core_model.models.UIHooks, lino_core_model.models.SummaryRow, models.Model),
        ),
        migrations.CreateModel(
            name='CoachingEnding',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seqno', models.PositiveIntegerField(default=0, verbose_name='Seq.No.')),
                ('name', models.CharField(max_length=200, verbose_name='Designation')),
                ('type', models.ForeignKey(blank=True, help_text='If not empty, allow this ending only on coachings of this type.', null=True, on_delete=django.db.models.deletion.PROTECT, to='coachings.coachingtype', verbose_name='Coaching type')),
            ],
            options={
                'verbose_name': 'Reason of termination',
                'verbose_name_plural': 'Coaching termination reasons',
                'ordering': ['seqno', 'id'],
            },
            bases=(lino_core_model.models.UIHooks, lino_core_model.models.SummaryRow, models.Model),
        ),
    ]
