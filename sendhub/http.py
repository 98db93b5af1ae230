"""The shape of every form page: bind, validate, call one service, redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .errors import DomainError


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    on_valid: Callable[[dict[str, Any]], str],
    title: str,
    template: str = "form_page.html",
    success: str | None = None,
    **context: Any,
) -> HttpResponse:
    """Render `form`; on a valid POST call `on_valid(cleaned_data)`, which returns where to go next.

    A DomainError from the service goes into the form's error summary; nothing is saved.
    """
    if request.method == "POST" and form.is_valid():
        try:
            next_url = on_valid(form.cleaned_data)
        except DomainError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
            if error.link:
                context["error_link"] = error.link
        else:
            if success:
                messages.success(request, success)
            return redirect(next_url)
    return render(request, template, {"form": form, "title": title, **context})


def action(
    request: HttpRequest, do: Callable[[], str], *, success: str | None = None, failure_url: str
) -> HttpResponse:
    """A POST-only button (remove, withdraw...): call the service, report its refusal as an error."""
    try:
        next_url = do()
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(failure_url)
    if success:
        messages.success(request, success)
    return redirect(next_url)


def posted(request: HttpRequest):
    """The submitted data on a POST (even an empty one), None on a GET: what a form is bound to."""
    return request.POST if request.method == "POST" else None


def posted_files(request: HttpRequest):
    return request.FILES if request.method == "POST" else None


def pk_url(viewname: str) -> Callable[[Any], str]:
    """`pk -> reverse(viewname, kwargs={"pk": pk})`, reversing once: for lists that link every row.

    Only for URL patterns with one `<int:pk>` and no other argument (checked here, so a changed
    pattern fails loudly).
    """
    from django.urls import reverse

    sentinel = "987654321"
    prefix, found, suffix = reverse(viewname, kwargs={"pk": int(sentinel)}).partition(sentinel)
    if not found or sentinel in suffix or reverse(viewname, kwargs={"pk": 234}) != f"{prefix}234{suffix}":
        raise ValueError(f"{viewname} does not have one <int:pk>")
    return lambda pk: f"{prefix}{int(pk)}{suffix}"
