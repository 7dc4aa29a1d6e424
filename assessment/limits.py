"""How much free text a person may type into each field (characters).

Forms refuse more with a message, the questionnaire counts down, and the PDF report's size
follows from them: every comment and justification is bounded, so one answer cannot make a
report run to hundreds of pages.
"""

COMMENT_MAX_LENGTH = 2000
JUSTIFICATION_MAX_LENGTH = 1000
NAME_MAX_LENGTH = 200  # firm and site names
LEGAL_DOCUMENT_MAX_LENGTH = 300  # a criterion's legal reference: document, in each language
LEGAL_ARTICLE_MAX_LENGTH = 200  # and article
ACTION_TEXT_MAX_LENGTH = 4000  # an action's description, a progress note, a reason for dropping
