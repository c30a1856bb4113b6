from django.urls import path

from . import views

app_name = "qualification"

urlpatterns = [
    path("<int:pk>/roles/", views.roles, name="roles"),
    path("<int:pk>/roles/mpids/", views.mpid_add, name="mpid_add"),
    path("<int:pk>/roles/qualifications/", views.qualification_add, name="qualification_add"),
    path("<int:pk>/members/", views.members, name="members"),
    path("<int:pk>/members/<int:membership_pk>/", views.member_update, name="member_update"),
    path("qualifications/<int:pk>/move/", views.qualification_move, name="qualification_move"),
]
