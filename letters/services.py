"""Letters from templates. For other apps (a maatregel's decision letter, an appointment's
invitation): `render_letter` fills a template in for a client with extra context, and
`create_letter` makes the PDF and stores it on the file; `send_letter_from_template` does both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from clients.access import log_access
from clients.models import AccessAction, Client
from documents.services import add_generated_document
from letters.context import letter_context
from letters.models import Letter, Letterhead, LetterTemplate
from letters.pdf import render_pdf
from letters.rendering import render_text
from organisations.models import User

DOCUMENT_KIND = "brief"


@dataclass(frozen=True)
class RenderedLetter:
    template: LetterTemplate
    subject: str
    body: str


def templates_for(user: User, on: date | None = None):
    """The versions in force today of the user's organisation's templates."""
    on = on or timezone.localdate()
    return LetterTemplate.objects.for_organisation(user.organisation_id).current_on(on)


def current_template(*, user: User, code: str, on: date | None = None) -> LetterTemplate:
    template = templates_for(user, on).filter(code=code).first()
    if template is None:
        raise ValidationError(_("Er is geen briefsjabloon '%(code)s' in gebruik.") % {"code": code})
    return template


def render_letter(
    *,
    template: LetterTemplate,
    client: Client,
    by: User,
    extra: dict | None = None,
    on: date | None = None,
) -> RenderedLetter:
    """The template filled in for the client: subject and text, for the consulent to check."""
    if template.organisation_id != by.organisation_id:
        raise ValidationError(_("Dit briefsjabloon hoort niet bij uw organisatie."))
    context = letter_context(
        client=client,
        by=by,
        on=on or timezone.localdate(),
        full_bsn=template.shows_full_bsn,
        extra=extra,
    )
    return RenderedLetter(
        template=template,
        subject=render_text(template.subject, context),
        body=render_text(template.body, context),
    )


def letter_pdf(*, client: Client, subject: str, body: str, on: date, by: User) -> bytes:
    letterhead = Letterhead.objects.filter(organisation_id=by.organisation_id).first()
    organisation = by.organisation.name if by.organisation_id else ""
    return render_pdf(
        {
            "subject": subject,
            "body": body,
            "date": date_format(on, "j F Y"),
            "client_number": client.pk,
            "consulent": by.get_full_name() or by.username,
            "organisation": organisation,
            "sender": letterhead.sender if letterhead else organisation,
            "footer": letterhead.footer if letterhead else "",
        }
    )


@transaction.atomic
def create_letter(
    *,
    client: Client,
    template: LetterTemplate,
    subject: str,
    body: str,
    by: User,
    on: date | None = None,
) -> Letter:
    """The checked text as a PDF on the file (a document of kind "brief") and a letter row."""
    if template.organisation_id != by.organisation_id:
        raise ValidationError(_("Dit briefsjabloon hoort niet bij uw organisatie."))
    on = on or timezone.localdate()
    pdf = letter_pdf(client=client, subject=subject, body=body, on=on, by=by)
    document = add_generated_document(
        client=client,
        kind_code=DOCUMENT_KIND,
        description=subject[:200],
        on=on,
        content=pdf,
        name=f"brief-{on.isoformat()}.pdf",
        by=by,
    )
    try:
        letter = Letter.objects.create(
            client=client,
            template=template,
            date=on,
            subject=subject,
            body=body,
            document=document,
            created_by=by,
        )
        log_access(
            user=by,
            client=client,
            action=AccessAction.CREATE,
            detail=_("Brief gemaakt: %(name)s") % {"name": template.name},
            obj=letter,
        )
    except BaseException:
        document.file.storage.delete(document.file.name)
        raise
    return letter


def send_letter_from_template(
    *,
    client: Client,
    code: str,
    by: User,
    extra: dict | None = None,
    on: date | None = None,
) -> Letter:
    """For other apps: the template in force with `code`, filled in and stored, unedited."""
    template = current_template(user=by, code=code, on=on)
    rendered = render_letter(template=template, client=client, by=by, extra=extra, on=on)
    return create_letter(
        client=client,
        template=template,
        subject=rendered.subject,
        body=rendered.body,
        by=by,
        on=on,
    )
