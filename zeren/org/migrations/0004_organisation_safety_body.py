# Art. 17 para 1 point 5: a department's safety body and its safety staff (issue 14).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0003_unit_urban"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="safety_body",
            field=models.CharField(
                blank=True,
                help_text="安全生产监管机构或明确负责安全生产工作的内设机构，如“安全生产监督管理科”",
                max_length=100,
                verbose_name="安全生产工作机构",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="safety_staff",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="配备的安全生产监管人员或安全生产工作人员人数",
                null=True,
                verbose_name="安全生产工作人员（名）",
            ),
        ),
    ]
