"""URL patterns of rubrics, campaigns, declarations, reviews, titles and veto facts."""

from django.urls import path

from inspections.views import campaigns, declarations, rubrics, titles

urlpatterns = [
    path("", campaigns.CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/new/", campaigns.CampaignFormView.as_view(), name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.CampaignDetailView.as_view(), name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaigns.CampaignFormView.as_view(), name="campaign_update"),
    path("campaigns/<int:pk>/results/", campaigns.ResultListView.as_view(), name="campaign_results"),
    path("campaigns/<int:pk>/declare/", campaigns.DeclareView.as_view(), name="campaign_declare"),
    path("campaigns/<int:pk>/<str:action>/", campaigns.CampaignActionView.as_view(), name="campaign_action"),
    path("declarations/<int:pk>/", declarations.DeclarationDetailView.as_view(), name="declaration_detail"),
    path("declarations/<int:pk>/self-assessment/", declarations.SelfAssessmentView.as_view(), name="self_assessment"),
    path("declarations/<int:pk>/evidence/<int:item_pk>/", declarations.EvidenceView.as_view(), name="evidence"),
    path("declarations/<int:pk>/review/<int:source_pk>/", declarations.ReviewSheetView.as_view(), name="review_sheet"),
    path("declarations/<int:pk>/result.pdf", declarations.ResultSheetView.as_view(), name="result_sheet"),
    path("declarations/<int:pk>/<str:action>/", declarations.DeclarationActionView.as_view(),
         name="declaration_action"),
    path("rubrics/", rubrics.RubricListView.as_view(), name="rubric_list"),
    path("rubrics/new/", rubrics.RubricCreateView.as_view(), name="rubric_create"),
    path("rubrics/types/", rubrics.CampaignTypeListView.as_view(), name="campaign_type_list"),
    path("rubrics/types/new/", rubrics.CampaignTypeView.as_view(), name="campaign_type_create"),
    path("rubrics/types/<int:pk>/", rubrics.CampaignTypeView.as_view(), name="campaign_type_update"),
    path("rubrics/<int:pk>/", rubrics.RubricDetailView.as_view(), name="rubric_detail"),
    path("rubrics/<int:pk>/edit/", rubrics.RubricUpdateView.as_view(), name="rubric_update"),
    path("rubrics/<int:pk>/export/", rubrics.RubricExportView.as_view(), name="rubric_export"),
    path("rubrics/<int:pk>/import/", rubrics.RubricImportView.as_view(), name="rubric_import"),
    path("rubrics/<int:pk>/sections/new/", rubrics.SectionCreateView.as_view(), name="rubric_section_create"),
    path("rubrics/<int:pk>/items/new/", rubrics.ItemView.as_view(), name="rubric_item_create"),
    path("rubrics/<int:pk>/items/<int:item_pk>/", rubrics.ItemView.as_view(), name="rubric_item_update"),
    path("rubrics/<int:pk>/items/<int:item_pk>/delete/", rubrics.ItemDeleteView.as_view(), name="rubric_item_delete"),
    path("rubrics/<int:pk>/<str:action>/", rubrics.RubricActionView.as_view(), name="rubric_action"),
    path("titles/", titles.TitleListView.as_view(), name="title_list"),
    path("titles/<int:pk>/", titles.TitleDetailView.as_view(), name="title_detail"),
    path("titles/<int:pk>/recheck/", titles.RecheckCreateView.as_view(), name="title_recheck"),
    path("veto-facts/", titles.VetoFactListView.as_view(), name="vetofact_list"),
    path("veto-facts/new/", titles.VetoFactCreateView.as_view(), name="vetofact_create"),
    path("veto-facts/<int:pk>/", titles.VetoFactDetailView.as_view(), name="vetofact_detail"),
    path("veto-facts/<int:pk>/void/", titles.VetoFactVoidView.as_view(), name="vetofact_void"),
]
