"""Board seats remember the election they came from."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0002_triggers'),
        ('people', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='boardseat',
            name='election',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='board_seats', to='governance.vote', verbose_name='election'),
        ),
        migrations.AddConstraint(
            model_name='boardseat',
            constraint=models.UniqueConstraint(fields=('election', 'person'), name='board_seat_once_per_election'),
        ),
    ]
