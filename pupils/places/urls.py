"""Places in mainstream SEND hubs, under /hubs/ beside the hubs app's own pages."""

from django.urls import path

from pupils.places import views as placements

app_name = "places"

urlpatterns = [
    path("<int:pk>/places/", placements.hub_occupancy, name="occupancy"),
    path("<int:pk>/places/add/", placements.placement_add, name="add"),
    path("<int:pk>/places/register.csv", placements.register_csv, name="register_csv"),
    path("<int:pk>/places/summary.pdf", placements.summary_pdf, name="summary_pdf"),
    path("places/<int:pk>/end/", placements.placement_end, name="end"),
]
