from django.apps import AppConfig


class SigninsConfig(AppConfig):
    name = "signins"
    verbose_name = "Sign-ins"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from .services import sign_in_forget, sign_in_record

        user_logged_in.connect(
            lambda sender, request, user, **kwargs: sign_in_record(request=request, user=user),
            dispatch_uid="signins-record",
            weak=False,
        )
        user_logged_out.connect(
            lambda sender, request, **kwargs: sign_in_forget(session=request.session),
            dispatch_uid="signins-forget",
            weak=False,
        )
