"""Staff workbench pages for tickets (owned by the workbench views)."""

from django.urls import path

from yiwang.tickets.views.workbench import actions, console, detail, inbox, reply_templates

urlpatterns: list = [
    path("workbench/tickets/", inbox.inbox, name="inbox"),
    path("workbench/tickets/export.xlsx", inbox.export_xlsx, name="export"),
    path("workbench/tickets/bulk-dispatch/", inbox.bulk_dispatch, name="bulk_dispatch"),
    path("workbench/tickets/console/", console.console, name="console"),
    path("workbench/tickets/console/check/", console.console_check, name="console_check"),
    path(
        "workbench/tickets/reply-templates/",
        reply_templates.reply_templates,
        name="reply_templates",
    ),
    path("workbench/tickets/<int:pk>/", detail.detail, name="detail"),
    path("workbench/tickets/<int:pk>/reveal/", detail.reveal, name="reveal"),
    path("workbench/tickets/<int:pk>/act/<slug:action>/", actions.act, name="act"),
    path("workbench/tickets/attachments/<int:pk>/", detail.attachment, name="attachment"),
]
