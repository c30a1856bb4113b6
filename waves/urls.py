from django.urls import path

from . import views

app_name = "waves"

urlpatterns = [
    path("", views.cohort_list, name="cohort_list"),
    path("<slug:key>/", views.cohort_detail, name="cohort_detail"),
]
