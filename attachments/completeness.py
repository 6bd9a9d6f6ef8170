"""Is the case complete for its board? The facts the engine needs for the case's setting, plus
the documents the board must read (the checklist on the case page, and the registration gate).

Documents required, each with where the requirement comes from ("text": the référentiel;
"app": the app's reading, said as such on screen):

- the pathology report, always: the board decides on the definitive report (INCa rare-cancer
  framework) — the app's reading of it;
- the SSTR PET report (68Ga-DOTATOC) before a locoregional treatment of metastases or of the
  primary in advanced disease (§ 5.8: « La réalisation d'une TEP 68Ga-DOTA-TOC […] doit être un
  préalable à toute action thérapeutique ») and before PRRT (CPC indication: « exprimant les
  récepteurs de la somatostatine sur l'imagerie TEP des récepteurs de la somatostatine, en
  relation avec les résultats de la TEP au FDG »), which also needs the FDG PET report;
- the MRI report before liver surgery (§ 5.8: « IRM avec séquences de diffusion indispensable
  avant toute intervention chirurgicale »);
- the report of an SSTR or FDG PET the record says was done (the app's reading: the board reads
  the report the record relies on).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from attachments.models import Attachment
from cases import choices
from cases.evaluation import CaseEvaluation, evaluate_case, fact_label, required_facts
from cases.models import Case

Kind = Attachment.Kind
ADVANCED = (choices.DiseaseExtent.METASTATIC, choices.DiseaseExtent.LOCALLY_ADVANCED_INOPERABLE)
DONE = (choices.Imaging.POSITIVE, choices.Imaging.NEGATIVE)
LOCOREGIONAL = frozenset(
    {
        choices.PlannedProcedure.LIVER_SURGERY,
        choices.PlannedProcedure.LIVER_EMBOLIZATION,
        choices.PlannedProcedure.PRIMARY_SURGERY,
    }
)
PRRT = choices.PlannedProcedure.PRRT
SECTION_LOCOREGIONAL = "§ 5.8"
SECTION_CPC = "§ 5.5 (CPC Lutathera®)"


@dataclass(frozen=True)
class DocumentRequirement:
    kind: str
    why: str
    source: str  # "text" or "app"
    section: str = ""


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    done: bool
    category: str  # "fact" or "document"
    why: str = ""
    source: str = ""
    section: str = ""


@dataclass(frozen=True)
class Checklist:
    items: tuple[ChecklistItem, ...]

    @property
    def complete(self) -> bool:
        return all(item.done for item in self.items)

    @property
    def missing(self) -> list[str]:
        return [item.label for item in self.items if not item.done]

    @property
    def facts(self) -> list[ChecklistItem]:
        return [item for item in self.items if item.category == "fact"]

    @property
    def documents(self) -> list[ChecklistItem]:
        return [item for item in self.items if item.category == "document"]


def required_documents(case: Case) -> list[DocumentRequirement]:
    """The documents the board needs for this case's setting, pathology first."""
    planned = set(case.planned_procedures or [])
    wanted: dict[str, DocumentRequirement] = {}

    def need(kind, why, source, section=""):
        wanted.setdefault(kind, DocumentRequirement(kind, why, source, section))

    need(
        Kind.PATHOLOGY_REPORT,
        _("La RCP décide sur le compte rendu anatomopathologique définitif."),
        "app",
    )
    if PRRT in planned:
        need(
            Kind.SSTR_PET_REPORT,
            _("RIV : expression des récepteurs de la somatostatine sur la TEP (indication CPC)."),
            "text",
            SECTION_CPC,
        )
        need(
            Kind.FDG_PET_REPORT,
            _("RIV : « en relation avec les résultats de la TEP au FDG » (indication CPC)."),
            "text",
            SECTION_CPC,
        )
    if case.disease_extent in ADVANCED and planned & LOCOREGIONAL:
        need(
            Kind.SSTR_PET_REPORT,
            _("Traitement locorégional : la TEP 68Ga-DOTA-TOC est un préalable."),
            "text",
            SECTION_LOCOREGIONAL,
        )
    if choices.PlannedProcedure.LIVER_SURGERY in planned:
        need(
            Kind.MRI_REPORT,
            _("Chirurgie hépatique : IRM avec séquences de diffusion indispensable."),
            "text",
            SECTION_LOCOREGIONAL,
        )
    if case.sstr_imaging in DONE:
        need(
            Kind.SSTR_PET_REPORT,
            _("L'imagerie des récepteurs de la somatostatine est renseignée : son compte rendu."),
            "app",
        )
    if case.fdg_pet in DONE:
        need(
            Kind.FDG_PET_REPORT,
            _("La TEP au FDG est renseignée : son compte rendu."),
            "app",
        )
    return list(wanted.values())


def checklist_for(
    case: Case,
    *,
    evaluation: CaseEvaluation | None = None,
    attachments: Iterable[Attachment] | None = None,
) -> Checklist:
    """Facts (engine needs, the question) and documents, each done or missing."""
    evaluation = evaluation or evaluate_case(case)
    missing = set(evaluation.missing_fields)
    items = [
        ChecklistItem(fact_label(name), name not in missing, "fact")
        for name in required_facts(case, evaluation.facts)
    ]
    items.append(ChecklistItem(fact_label("question"), bool(case.question.strip()), "fact"))
    for name, messages in evaluation.errors.items():
        if name not in missing:
            items.append(
                ChecklistItem(f"{fact_label(name)} : {' ; '.join(messages)}", False, "fact")
            )
    if attachments is None:
        attachments = case.attachments.all() if case.pk else ()
    present = {attachment.kind for attachment in attachments}
    for requirement in required_documents(case):
        items.append(
            ChecklistItem(
                str(Kind(requirement.kind).label),
                requirement.kind in present,
                "document",
                requirement.why,
                requirement.source,
                requirement.section,
            )
        )
    return Checklist(tuple(items))
