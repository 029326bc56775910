"""The 43 police force areas of England and Wales (ONS, December 2023), as reference data.

The names, codes and map labels are copied here rather than read from the data file, so this
migration gives the same result however the file changes later.
"""

from django.db import migrations

POLICE_FORCE_AREAS = [
    ("E23000001", "Metropolitan Police", "MP"),
    ("E23000002", "Cumbria", "CU"),
    ("E23000003", "Lancashire", "LA"),
    ("E23000004", "Merseyside", "ME"),
    ("E23000005", "Greater Manchester", "GM"),
    ("E23000006", "Cheshire", "CH"),
    ("E23000007", "Northumbria", "NB"),
    ("E23000008", "Durham", "DU"),
    ("E23000009", "North Yorkshire", "NY"),
    ("E23000010", "West Yorkshire", "WY"),
    ("E23000011", "South Yorkshire", "SY"),
    ("E23000012", "Humberside", "HU"),
    ("E23000013", "Cleveland", "CL"),
    ("E23000014", "West Midlands", "WMi"),
    ("E23000015", "Staffordshire", "ST"),
    ("E23000016", "West Mercia", "WMe"),
    ("E23000017", "Warwickshire", "WA"),
    ("E23000018", "Derbyshire", "DE"),
    ("E23000019", "Nottinghamshire", "NT"),
    ("E23000020", "Lincolnshire", "LI"),
    ("E23000021", "Leicestershire", "LE"),
    ("E23000022", "Northamptonshire", "NH"),
    ("E23000023", "Cambridgeshire", "CA"),
    ("E23000024", "Norfolk", "NF"),
    ("E23000025", "Suffolk", "SF"),
    ("E23000026", "Bedfordshire", "BE"),
    ("E23000027", "Hertfordshire", "HE"),
    ("E23000028", "Essex", "ES"),
    ("E23000029", "Thames Valley", "TV"),
    ("E23000030", "Hampshire", "HA"),
    ("E23000031", "Surrey", "SU"),
    ("E23000032", "Kent", "KE"),
    ("E23000033", "Sussex", "SX"),
    ("E23000034", "London, City of", "CoL"),
    ("E23000035", "Devon & Cornwall", "DC"),
    ("E23000036", "Avon and Somerset", "AS"),
    ("E23000037", "Gloucestershire", "GL"),
    ("E23000038", "Wiltshire", "WI"),
    ("E23000039", "Dorset", "DO"),
    ("W15000001", "North Wales", "NWa"),
    ("W15000002", "Gwent", "GW"),
    ("W15000003", "South Wales", "SWa"),
    ("W15000004", "Dyfed-Powys", "DP"),
]


def load(apps, schema_editor):
    Area = apps.get_model("directory", "Area")
    for gss_code, name, abbreviation in POLICE_FORCE_AREAS:
        Area.objects.update_or_create(
            gss_code=gss_code, defaults={"name": name, "kind": "pfa", "abbreviation": abbreviation}
        )


def unload(apps, schema_editor):
    Area = apps.get_model("directory", "Area")
    Area.objects.filter(gss_code__in=[row[0] for row in POLICE_FORCE_AREAS]).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
