"""Market roles in scope for MHHS Qualification (QA&P v5.0 §7.1 Table 2)."""

from django.db import migrations

# code, name, BSC, REC, DIP, qualify by, in scope, qualified jointly
MARKET_ROLES = [
    ("SUPPLIER", "Supplier", True, True, True, "M14", True, False),
    ("SDS", "Smart Data Service", True, False, True, "M14", True, False),
    ("ADS", "Advanced Data Service", True, False, True, "M14", True, False),
    ("UMSDS", "Unmetered Supply Data Service", True, False, True, "M14", True, False),
    ("UMSO", "Unmetered Supplies Operator", True, False, True, "M10", True, True),
    ("LDSO", "LDSO (DNO / iDNO)", True, True, True, "M10", True, True),
    ("SMRA", "SMRA / ERDA", True, True, True, "M10", True, True),
    ("MEM_ADV", "Metering Equipment Manager (Advanced)", False, True, True, "M14", True, False),
    ("MEM_SMART", "Metering Equipment Manager (Smart)", False, True, True, "M14", True, False),
    # Qualified under the SEC, outside MHHS; DIP onboarding optional.
    ("MDR", "Meter Data Retriever", False, False, False, "M14", False, False),
]


def load(apps, schema_editor):
    MarketRole = apps.get_model("qualification", "MarketRole")
    for order, (code, name, bsc, rec, dip, by, in_scope, jointly) in enumerate(MARKET_ROLES, 1):
        MarketRole.objects.update_or_create(
            code=code,
            defaults=dict(
                name=name,
                approved_by_bsc=bsc,
                approved_by_rec=rec,
                approved_by_dip=dip,
                qualify_by=by,
                in_scope=in_scope,
                qualified_jointly=jointly,
                order=order,
            ),
        )


def unload(apps, schema_editor):
    apps.get_model("qualification", "MarketRole").objects.filter(
        code__in=[row[0] for row in MARKET_ROLES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("qualification", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
