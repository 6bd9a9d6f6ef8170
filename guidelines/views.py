from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from guidelines import engine, presentation
from renaten import jsoninput

MAX_BODY_BYTES = 64 * 1024


@require_POST
def evaluate_api(request):
    """POST /api/guidelines/evaluate: case facts in, evaluation out (CONTRACT.md)."""
    if len(request.body) > MAX_BODY_BYTES:
        return _input_error("Requête trop volumineuse.", status=413)
    try:
        facts = jsoninput.loads(request.body or b"null")
    except jsoninput.JSONInputError as error:
        return _input_error(f"Le corps de la requête est refusé : {error}")
    if not _is_unicode_text(facts):
        # A "\ud800" escape decodes to a lone surrogate: echoed in an error, it cannot be encoded.
        return _input_error("Le corps de la requête contient un texte Unicode invalide.")
    try:
        return JsonResponse(engine.evaluate(facts), json_dumps_params={"ensure_ascii": False})
    except engine.FactsError as error:
        return _bad_request(error.errors)


def _is_unicode_text(facts) -> bool:
    import json

    try:
        json.dumps(facts, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _input_error(message, status=400):
    """An error about the request body as a whole, not about one fact."""
    return _bad_request({engine.INPUT_ERROR_KEY: [message]}, status=status)


def _bad_request(errors, status=400):
    return JsonResponse(
        {"errors": errors}, status=status, json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def referentiel(request):
    """Every rule with its id, section and French excerpt, generated from the rules themselves."""
    return render(
        request,
        "guidelines/referentiel.html",
        {
            "rule_groups": presentation.rule_rows(),
            "regulatory_rows": presentation.regulatory_rows(),
            "referentiel": engine.REFERENTIEL,
            "engine_version": engine.ENGINE_VERSION,
            "source_sha256": engine.SOURCE_SHA256,
            "settings": engine.DEFAULT_SETTINGS,
        },
    )
