"""Encrypt the authenticator secrets allauth stored in the clear (TOTP secrets, recovery-code
seeds) now that its MFA adapter encrypts them with ENCRYPTION_KEYS."""

from django.db import migrations

from notifications import crypto


def _sealed(value: str) -> str:
    try:
        crypto.decrypt(value)
    except crypto.InvalidToken:
        return crypto.encrypt(value)
    return value


def encrypt_secrets(apps, schema_editor):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.filter(type__in=["totp", "recovery_codes"]):
        data = dict(authenticator.data)
        for name in ("secret", "seed"):
            if isinstance(data.get(name), str):
                data[name] = _sealed(data[name])
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [_sealed(code) for code in data["migrated_codes"]]
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("expert_group", "0005_calendar_feed_token_hash"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [
        migrations.RunPython(encrypt_secrets, migrations.RunPython.noop, elidable=False),
    ]
