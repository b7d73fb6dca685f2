from django.shortcuts import render

from yiwang.workbench.decorators import staff_required


@staff_required
def home(request):
    return render(request, "workbench/home.html")
