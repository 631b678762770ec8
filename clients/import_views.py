from django.http import Http404


def import_upload(request):
    raise Http404


def import_confirm(request, token):
    raise Http404
