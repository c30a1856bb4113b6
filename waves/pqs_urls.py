from django.urls import path

from . import pqs_views as views

app_name = "pqs"

urlpatterns = [
    path("pqs/", views.pqs_list, name="list"),
    path("pqs/review/", views.pqs_queue, name="queue"),
    path("organisations/<int:pk>/pqs/new/", views.pqs_create, name="create"),
    path("pqs/<int:pk>/", views.pqs_detail, name="detail"),
    path("pqs/<int:pk>/edit/", views.pqs_edit, name="edit"),
    path("pqs/<int:pk>/allocate/", views.pqs_allocate, name="allocate"),
    path("pqs/<int:pk>/<slug:action>/", views.pqs_act, name="act"),
    path("board/", views.allocation_board, name="board"),
    path("board/<slug:key>/capacity/", views.capacity_set, name="capacity"),
    path("board/move/", views.allocation_move, name="move"),
    path("wait-list/<int:pk>/<slug:action>/", views.wait_list_act, name="wait_list_act"),
]
