import json
import sys

from django.core.management.base import BaseCommand

from guidelines.engine import INPUT_ERROR_KEY, FactsError, evaluate
from renaten import jsoninput

EXIT_BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "Évalue les faits cliniques d'un cas (JSON selon CONTRACT.md, fichier ou '-' pour l'entrée "
        "standard) et écrit l'évaluation du référentiel en JSON. Code de sortie 2 si l'entrée est "
        "invalide, avec les erreurs par champ sur la sortie d'erreur."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="fichier JSON des faits, ou - pour l'entrée standard")

    def handle(self, *args, file: str, **options):
        try:
            facts = self._read(file)
            result = evaluate(facts)
        except FactsError as error:
            self._fail(error.errors)
        except OSError as error:
            self._fail({INPUT_ERROR_KEY: [f"Lecture impossible : {error.strerror}"]})
        except jsoninput.JSONInputError as error:
            self._fail({INPUT_ERROR_KEY: [f"JSON illisible : {error}"]})
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _read(self, file: str):
        return jsoninput.load_file(file, stdin=sys.stdin)

    def _fail(self, errors: dict[str, list[str]]) -> None:
        for field, messages in errors.items():
            for message in messages:
                self.stderr.write(f"{field}: {message}")
        # A clean exit code, no traceback: callers script against it.
        sys.exit(EXIT_BAD_INPUT)
