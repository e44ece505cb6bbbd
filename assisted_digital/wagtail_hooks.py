from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import REPORT_PERMISSION
from .reports import ReferralReportView


@hooks.register("register_admin_urls")
def referral_report_urls():
    return [path("reports/referrals/", ReferralReportView.as_view(), name="referral_report")]


class ReferralReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def referral_report_menu_item():
    return ReferralReportMenuItem("Referrals", reverse("referral_report"), icon_name="list-ul", order=900)
