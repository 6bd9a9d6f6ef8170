"""The one table of regulatory status per option, each entry citing the text's wording.

`wording` is verbatim (whitespace-normalised; fragments joined by " […] "). `conditions` are the
conditions the text sets for off-label / compassionate use; the PDF dossier prints them.
The rules emitting an option are not listed here: `Rule.options` is the one source for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .codes import OptionCode as O
from .codes import Regulatory as R
from .codes import RegulatoryBasis as RB


@dataclass(frozen=True, slots=True)
class RegulatoryEntry:
    code: O
    status: R
    wording: str
    section: str
    conditions: tuple[str, ...] = ()
    note: str = ""  # French: set when the status is read from the text rather than stated

    @property
    def basis(self) -> RB:
        """Stated by the text, or deduced by the engine (then `note` gives the reason)."""
        return RB.DEDUCED if self.note else RB.STATED


_RCP_VALIDATION = "Validation préalable en RCP RENATEN"

_ENTRIES: tuple[RegulatoryEntry, ...] = (
    RegulatoryEntry(
        O.SURGERY_ANATOMICAL_RESECTION,
        R.NOT_APPLICABLE,
        "La chirurgie représente le traitement de référence et le seul traitement curatif des "
        "tumeurs carcinoïdes bronchiques.",
        "local",
    ),
    RegulatoryEntry(
        O.LOBECTOMY_MEDIASTINAL_DISSECTION,
        R.NOT_APPLICABLE,
        "le traitement devra être une lobectomie avec curage ganglionnaire médiastinal.",
        "local",
    ),
    RegulatoryEntry(
        O.INTERVENTIONAL_BRONCHOSCOPY,
        R.NOT_APPLICABLE,
        "La réalisation d’une endoscopie interventionnelle représente une alternative à la "
        "chirurgie",
        "local",
    ),
    RegulatoryEntry(
        O.ADJUVANT_TREATMENT,
        R.NOT_APPLICABLE,
        "Il n’existe actuellement aucun argument pour recommander un traitement complémentaire "
        "post-opératoire en cas de résection complète, quel que soit le statut ganglionnaire.",
        "local",
    ),
    RegulatoryEntry(
        O.SSA_SYNDROME_CONTROL,
        R.AMM,
        "Les ASM sont actuellement le traitement de référence des syndromes carcinoïdes. […] Le "
        "pasireotide n'a pas d'AMM dans le traitement du syndrome carcinoïde.",
        "5.1",
        note="Statut déduit du texte : les ASM y sont le traitement de référence du syndrome "
        "carcinoïde et l'absence d'AMM n'y est signalée que pour le pasiréotide (syndrome) et "
        "pour l'usage antitumoral (§5.2).",
    ),
    RegulatoryEntry(
        O.PASIREOTIDE,
        R.NO_AMM,
        "Le pasireotide n'a pas d'AMM dans le traitement du syndrome carcinoïde.",
        "5.1",
    ),
    RegulatoryEntry(
        O.TELOTRISTAT,
        R.AMM_NOT_REIMBURSED,
        "Le Telotristat Etiprate (XERMELO®) a obtenu une AMM européenne en 2017 dans les "
        "diarrhées réfractaires aux ASM (101), mais n’est pas remboursé en France.",
        "5.1",
    ),
    RegulatoryEntry(
        O.CUSHING_SPECIFIC_TREATMENT,
        R.NOT_APPLICABLE,
        "sera traité par des thérapeutiques dédiées sur avis spécialisé",
        "5.1",
        conditions=("Sur avis spécialisé",),
    ),
    RegulatoryEntry(
        O.WATCHFUL_WAITING,
        R.NOT_APPLICABLE,
        "une surveillance attentive pourra être proposée, même au stade de métastases diffuses.",
        "synthèse — prise en charge 1",
    ),
    RegulatoryEntry(
        O.SSA_ANTITUMOUR,
        R.OFF_LABEL,
        "Ils n'ont pas d'AMM dans le cadre des tumeurs carcinoïdes métastatiques. […] Après "
        "validation en RCP RENATEN, les analogues de somatostatine à doses élevées",
        "5.2",
        conditions=(
            _RCP_VALIDATION,
            "Prescription hors AMM (pas d'AMM dans les tumeurs carcinoïdes métastatiques)",
        ),
    ),
    RegulatoryEntry(
        O.EVEROLIMUS,
        R.AMM,
        "L’évérolimus (AFINITOR®) est actuellement la seule thérapeutique qui dispose d’une AMM "
        "dans les TNE pulmonaires métastatiques.",
        "5.3.1",
    ),
    RegulatoryEntry(
        O.ANTIANGIOGENIC,
        R.NO_AMM,
        "Il n’y a actuellement pas d’AMM pour les anti-angiogéniques dans les tumeurs carcinoïdes "
        "métastatiques. Néanmoins, au cas par cas, un traitement de ce type peut être proposé en "
        "RCP RENATEN.",
        "5.3.2",
        conditions=(
            "Au cas par cas, sur proposition de la RCP RENATEN",
            "Pas d'AMM dans les tumeurs carcinoïdes métastatiques",
        ),
    ),
    RegulatoryEntry(
        O.SUNITINIB,
        R.NO_AMM,
        "elles n’ont pour l’instant pas d’AMM en dehors des TNE pancréatiques. […] son "
        "utilisation n’est donc pas recommandée dans ces deux dernières indications.",
        "5.3.2",
    ),
    RegulatoryEntry(
        O.SURUFATINIB,
        R.NOT_AVAILABLE_FR,
        "Le surufatinib n’est pas disponible en France.",
        "5.3.2",
    ),
    RegulatoryEntry(
        O.CHEMO_TEMOZOLOMIDE,
        R.OFF_LABEL,
        "La streptozotocine (STZ) est le seul produit de chimiothérapie qui a une AMM dans les TNE "
        "pancréatiques […] La chimiothérapie est à discuter en RCP RENATEN",
        "5.4",
        conditions=("Discussion en RCP RENATEN",),
        note="Statut déduit du texte : seule la streptozotocine a une AMM (TNE pancréatiques).",
    ),
    RegulatoryEntry(
        O.CHEMO_OXALIPLATIN,
        R.OFF_LABEL,
        "La streptozotocine (STZ) est le seul produit de chimiothérapie qui a une AMM dans les TNE "
        "pancréatiques […] La chimiothérapie est à discuter en RCP RENATEN",
        "5.4",
        conditions=("Discussion en RCP RENATEN", "Oxaliplatine : 8 cycles maximum"),
        note="Statut déduit du texte : seule la streptozotocine a une AMM (TNE pancréatiques).",
    ),
    RegulatoryEntry(
        O.CISPLATIN_ETOPOSIDE,
        R.NOT_APPLICABLE,
        "l’association cisplatine-etoposide ne doit pas être utilisée dans les carcinoïdes "
        "bronchiques métastatiques.",
        "5.4",
        note="Le texte ne donne pas de statut réglementaire : sans objet pour une association à "
        "ne pas utiliser.",
    ),
    RegulatoryEntry(
        O.STREPTOZOTOCIN,
        R.NO_AMM,
        "La streptozotocine (STZ) est le seul produit de chimiothérapie qui a une AMM dans les TNE "
        "pancréatiques […] il n’y a pas de données convaincantes pour supporter la STZ dans les "
        "carcinoïdes pulmonaires.",
        "5.4",
        note="AMM limitée aux TNE pancréatiques.",
    ),
    RegulatoryEntry(
        O.PRRT_LUTATHERA,
        R.COMPASSIONATE_CPC,
        "en mars 2022, l’ANSM a autorisé l’utilisation du Lutathera® pour les carcinoïdes "
        "bronchiques selon le cadre de prescription compassionnelle (CPC). […] L’accès à cette "
        "thérapeutique (en dehors de l’AMM française) se fait selon le cadre de prescription "
        "compassionnelle (CPC) déclenchée par l’ANSM en mars 2022, et nécessite une information "
        "du patient.",
        "5.5",
        conditions=(
            "Information du patient",
            "Sur proposition de la RCP nationale RENATEN",
            "Indication CPC : carcinoïde bronchique métastatique ou localement avancé inopérable, "
            "progressif ou de forme sécrétante non contrôlée, exprimant les récepteurs de la "
            "somatostatine en TEP, en relation avec les résultats de la TEP au FDG, après échec "
            "ou contre-indication d'un traitement par évérolimus",
        ),
    ),
    RegulatoryEntry(
        O.INTERFERON_ALPHA,
        R.NOT_APPLICABLE,
        "L’interféron reste une option peu documentée mais prescrite dans cette indication",
        "5.6",
        note="Le référentiel ne précise pas de statut réglementaire pour l'interféron alpha.",
    ),
    RegulatoryEntry(
        O.IMMUNE_CHECKPOINT_INHIBITOR,
        R.NO_AMM,
        "Il n'y a aucune AMM d'inhibiteur de checkpoint immunitaire de disponible à l'heure "
        "actuelle dans les NNE.",
        "5.7",
        conditions=("Uniquement dans le cadre d'un essai thérapeutique",),
    ),
    RegulatoryEntry(
        O.CLINICAL_TRIAL,
        R.NOT_APPLICABLE,
        "La possibilité de l’inclusion du patient dans un essai thérapeutique devra être "
        "systématiquement évoquée.",
        "synthèse — prérequis 2",
    ),
    RegulatoryEntry(
        O.LIVER_SURGERY,
        R.NOT_APPLICABLE,
        "une attitude chirurgicale vis-à-vis des métastases hépatiques, si la situation "
        "locorégionale s’y prête, sera discutée.",
        "synthèse — prise en charge 4",
    ),
    RegulatoryEntry(
        O.COMBINED_PRIMARY_LIVER_SURGERY,
        R.NOT_APPLICABLE,
        "une attitude chirurgicale sur les deux sites après une période d’observation de la pente "
        "évolutive sera discutée.",
        "synthèse — prise en charge 3",
    ),
    RegulatoryEntry(
        O.LIVER_EMBOLIZATION,
        R.NOT_APPLICABLE,
        "une ou plusieurs embolisations ou chimio-embolisations pourront être réalisées en "
        "rappelant que ce geste est contre-indiqué en cas de thrombose portale ou d’anastomose "
        "bilio-digestive.",
        "5.8",
    ),
    RegulatoryEntry(
        O.LIVER_THERMOABLATION,
        R.NOT_APPLICABLE,
        "il faudra discuter les traitements radiologiques interventionnels hépatiques "
        "(embolisations ou thermoablation).",
        "synthèse — prise en charge 4",
    ),
    RegulatoryEntry(
        O.CYTOREDUCTIVE_SURGERY,
        R.NOT_APPLICABLE,
        "des chirurgies de cytoréduction ont également pu être réalisées, en particulier en cas "
        "de syndrome sécrétoire non maîtrisé",
        "5.8",
    ),
    RegulatoryEntry(
        O.BONE_LOCAL_TREATMENT,
        R.NOT_APPLICABLE,
        "peuvent également être utilisés en cas de métastases osseuses menaçantes ou "
        "symptomatiques",
        "5.8",
    ),
    RegulatoryEntry(
        O.PRIMARY_RESECTION,
        R.NOT_APPLICABLE,
        "peut être envisagée au cas par cas en RCP RENATEN, et réalisée dans des centres experts,",
        "5.8",
        conditions=("Au cas par cas en RCP RENATEN, dans un centre expert",),
    ),
)

_NOT_APPLICABLE_NOTE = (
    "Le texte ne donne pas de statut réglementaire pour cette option (geste, stratégie ou "
    "traitement sans mention) : « sans objet » est une lecture du moteur."
)
# Every "not applicable" status is the engine's reading: give it its reason when none is set.
_ENTRIES = tuple(
    RegulatoryEntry(e.code, e.status, e.wording, e.section, e.conditions, _NOT_APPLICABLE_NOTE)
    if e.status is R.NOT_APPLICABLE and not e.note
    else e
    for e in _ENTRIES
)

REGULATORY: dict[O, RegulatoryEntry] = {entry.code: entry for entry in _ENTRIES}
