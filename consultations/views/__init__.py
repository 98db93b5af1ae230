"""Views of the consultations app: public pages (no sign-in) and staff pages under manage/."""

from .exports import manage_export_csv
from .manage import (
    manage_answer_moderate,
    manage_create,
    manage_detail,
    manage_document,
    manage_document_create,
    manage_document_remove,
    manage_edit,
    manage_list,
    manage_outcome,
    manage_publish,
    manage_question_create,
    manage_question_delete,
    manage_question_edit,
    manage_response,
    manage_response_status,
    manage_responses,
    manage_summary_pdf,
    manage_summary_regenerate,
    manage_unpublish,
)
from .public import (
    CONFIRMATION_SALT,
    MAX_RESPONSE_BYTES,
    public_confirmation,
    public_detail,
    public_document,
    public_list,
    public_privacy,
    public_respond,
    public_summary_pdf,
)

__all__ = [name for name in dir() if not name.startswith("_")]
