"""Public 12345 pages (owned by the citizen-side views), all under /12345/."""

from django.urls import path

from yiwang.tickets.views.portal import files, mine, submit, track

urlpatterns: list = [
    path("12345/submit/", submit.submit, name="submit"),
    path("12345/submit/send-code/", submit.send_code, name="send_code"),
    path("12345/submit/check/", submit.emergency_check, name="emergency_check"),
    path("12345/submitted/<str:case_number>/", submit.submitted, name="submitted"),
    path("12345/mine/", mine.mine, name="mine"),
    path("12345/mine/<str:case_number>/", mine.mine_detail, name="mine_detail"),
    path("12345/mine/<str:case_number>/rate/", mine.mine_rate, name="mine_rate"),
    path("12345/mine/<str:case_number>/reopen/", mine.mine_reopen, name="mine_reopen"),
    path("12345/track/", track.track, name="track"),
    path("12345/track/<str:case_number>/", track.public_detail, name="public_detail"),
    path("12345/track/<str:case_number>/rate/", track.public_rate, name="public_rate"),
    path("12345/track/<str:case_number>/reopen/", track.public_reopen, name="public_reopen"),
    path("12345/files/<int:pk>/", files.attachment, name="portal_attachment"),
]
