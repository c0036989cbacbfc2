# Client contact types only: a project's partner model may point at them
# (client_contact_type), so this migration needs none of the project's models.
# ClientContact, which points at the project's models, follows in 0002.

import lino_core_model.models
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name='ClientContactType',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='Designation')),
                ('known_contact_type', lino_core_model.models.ChoiceListField(blank=True, choicelist='lino_clients.choicelists.KnownContactTypes', max_length=10, verbose_name='Known contact type')),
            ],
            options={
                'verbose_name': 'Client Contact type',
                'verbose_name_plural': 'Client Contact types',
                'ordering': ['name', 'id'],
                'constraints': [models.UniqueConstraint(condition=models.Q(('known_contact_type', ''), _negated=True), fields=('known_contact_type',), name='clients_one_type_per_known_type', violation_error_message='Another client contact type is already known as this type.')],
                'swappable': 'LINO_CLIENTS_CONTACT_TYPE_MODEL',
            },
            bases=(lino_core_model.models.UIHooks, lino_core_model.models.SummaryRow, models.Model),
        ),
    ]
