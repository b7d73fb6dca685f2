"""Enterprise name pre-check pages: /names/check/ (public) and workbench/names/ (staff)."""

from django.urls import path

from yiwang.names.views import public, workbench

app_name = "names"

urlpatterns = [
    path("names/check/", public.check_page, name="check"),
    path("workbench/names/words/", workbench.word_list, name="words"),
    path("workbench/names/words/new/", workbench.word_edit, name="word_create"),
    path("workbench/names/words/<int:pk>/", workbench.word_edit, name="word_edit"),
    path("workbench/names/words/<int:pk>/toggle/", workbench.word_toggle, name="word_toggle"),
]
