from django.http import Http404
from django.shortcuts import render

from yiwang.org import selectors
from yiwang.org.permissions import require
from yiwang.workbench.decorators import staff_required


@staff_required
def departments(request):
    require(request.user, "org.department.view")
    return render(
        request,
        "org/departments.html",
        {"tree": selectors.department_tree(user=request.user), "q": ""},
    )


@staff_required
def department_detail(request, pk: int):
    require(request.user, "org.department.view")
    department = selectors.department_get(user=request.user, pk=pk)
    if department is None:
        raise Http404
    return render(
        request,
        "org/department_detail.html",
        {
            "department": department,
            "members": selectors.department_members(department=department),
            "children": department.children.filter(is_active=True).order_by("sort_order", "name"),
        },
    )
