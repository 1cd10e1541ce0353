"""Campaign pages: the list, a campaign with its declarations, opening and publishing."""

from django.utils.translation import gettext_lazy as _

from houqin.core.views import ScopedListView
from inspections.selectors import campaigns as selectors
from inspections.filters import CampaignFilter
from inspections.tables import CampaignTable


class CampaignListView(ScopedListView):
    selector = selectors.campaign_list
    filterset_class = CampaignFilter
    table_class = CampaignTable
    title = _("Campaigns")
    export_name = "campaigns"
