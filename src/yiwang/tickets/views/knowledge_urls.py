"""Knowledge-base pages of the staff workbench (namespace ``tickets``)."""

from django.urls import path

from yiwang.tickets.views import knowledge

urlpatterns = [
    path("workbench/tickets/knowledge/", knowledge.search_page, name="knowledge"),
    path("workbench/tickets/knowledge/manage/", knowledge.manage_page, name="knowledge_manage"),
    path("workbench/tickets/knowledge/new/", knowledge.create_page, name="knowledge_create"),
    path("workbench/tickets/knowledge/<int:pk>/", knowledge.detail_page, name="knowledge_detail"),
    path("workbench/tickets/knowledge/<int:pk>/edit/", knowledge.edit_page, name="knowledge_edit"),
    path(
        "workbench/tickets/knowledge/<int:pk>/active/",
        knowledge.set_active,
        name="knowledge_set_active",
    ),
    path(
        "workbench/tickets/knowledge/<int:pk>/answer/",
        knowledge.answer_now,
        name="knowledge_answer",
    ),
]
