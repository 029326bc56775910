from django.contrib import admin

from .models import Membership


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["__str__", "email", "role", "status", "organisation", "listed_publicly"]
    list_filter = ["status", "role", "listed_publicly"]
    search_fields = ["email", "user__full_name", "organisation"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
