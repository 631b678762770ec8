from django.urls import path

from budgets import views

app_name = "budgets"

urlpatterns = [
    path("", views.budget_index, name="budget_index"),
    path("<int:year>/", views.budgetyear_detail, name="budgetyear_detail"),
    path("<int:year>/realisatie/", views.budgetyear_realisation, name="budgetyear_realisation"),
    path("<int:year>/download/", views.budgetyear_xlsx, name="budgetyear_xlsx"),
]
