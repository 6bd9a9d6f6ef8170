"""Rules L1–L9: localised disease, operated follow-up (the text's first section)."""

from __future__ import annotations

from collections.abc import Sequence

from .codes import (
    AlertCode,
    DiseaseExtent,
    FollowUpCode,
    Histology,
    HistologySource,
    Level,
    NodalStatus,
    OptionCode,
    ResectionStatus,
    Severity,
    SurgeryType,
)
from .context import RuleContext
from .facts import CaseFacts
from .model import (
    Finding,
    FollowUpFinding,
    RuleBook,
    alert,
    annotate,
    support,
)
from .text import OUT_OF_REFERENTIEL, Item, eq, need

LOCAL_RULES = RuleBook()

LOCAL = (DiseaseExtent.LOCALIZED,)
_SUBLOBAR = frozenset({SurgeryType.WEDGE, SurgeryType.SEGMENTECTOMY})
_CURAGE = "Curage ganglionnaire systématique."


def _preop_unmet(f: CaseFacts) -> list[Item]:
    # Pre-operative options need to know that the primary has not been resected yet.
    if f.surgery_done is False:
        return []
    return [
        need(
            "surgery_done",
            False,
            f.surgery_done,
            "à préciser : la tumeur primitive ne doit pas encore avoir été opérée",
        )
    ]


def _operable_unmet(f: CaseFacts) -> list[Item]:
    if f.surgical_contraindication is False:
        return []
    return [
        need(
            "surgical_contraindication",
            False,
            f.surgical_contraindication,
            "absence de contre-indication chirurgicale requise",
        )
    ]


def _base_because(f: CaseFacts) -> list[Item]:
    because = [eq("disease_extent", f.disease_extent), eq("histology", f.histology)]
    if f.surgery_done is False:
        because.append(eq("surgery_done", False))
    return because


@LOCAL_RULES.rule(
    id="L1",
    section="local",
    source="§local, ¶1",
    title="Chirurgie : traitement de référence, curage systématique",
    excerpt="La chirurgie représente le traitement de référence et le seul traitement curatif "
    "des tumeurs carcinoïdes bronchiques. Un curage ganglionnaire doit être systématiquement "
    "effectué.",
    reads=("surgery_done", "histology", "surgical_contraindication"),
    settings=LOCAL,
    outcome="Tumeur non opérée : chirurgie (résection anatomique avec curage) recommandée, "
    "sous réserve d'absence de contre-indication chirurgicale.",
    options=(OptionCode.SURGERY_ANATOMICAL_RESECTION, OptionCode.LOBECTOMY_MEDIASTINAL_DISSECTION),
)
def l1_surgery(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    if f.surgery_done is True:
        return ()
    if f.histology is Histology.ATYPICAL:
        # For a CA the surgery the text asks for is the lobectomy (L4); L1 adds its reasons.
        return (
            annotate(OptionCode.LOBECTOMY_MEDIASTINAL_DISSECTION, _base_because(f), (_CURAGE,)),
        )
    unmet = _preop_unmet(f) + _operable_unmet(f)
    notes = ("Traitement de référence et seul traitement curatif.", _CURAGE)
    return (
        support(
            OptionCode.SURGERY_ANATOMICAL_RESECTION,
            Level.RECOMMENDED,
            unmet,
            _base_because(f),
            notes,
        ),
    )


@LOCAL_RULES.rule(
    id="L2",
    section="local",
    source="§local, ¶1",
    title="Endoscopie interventionnelle, alternative à la chirurgie",
    excerpt="La réalisation d’une endoscopie interventionnelle représente une alternative à "
    "la chirurgie en cas de contre-indication chirurgicale ou d’exérèse parenchymateuse "
    "disproportionnée.",
    reads=(
        "surgery_done",
        "histology",
        "surgical_contraindication",
        "disproportionate_resection",
    ),
    settings=LOCAL,
    outcome="Endoscopie interventionnelle proposée si contre-indication chirurgicale ou "
    "exérèse disproportionnée.",
    options=(OptionCode.INTERVENTIONAL_BRONCHOSCOPY,),
)
def l2_bronchoscopy(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    if f.surgery_done is True:
        return ()
    unmet = _preop_unmet(f)
    because = _base_because(f)
    sci, disp = f.surgical_contraindication, f.disproportionate_resection
    if sci is True or disp is True:
        because += [
            eq(n, v)
            for n, v in (("surgical_contraindication", sci), ("disproportionate_resection", disp))
            if v is True
        ]
    else:
        unmet.append(
            need(
                "surgical_contraindication",
                True,
                sci,
                "contre-indication chirurgicale requise, ou exérèse parenchymateuse "
                "disproportionnée",
                "L2",
            )
        )
        unmet.append(
            need(
                "disproportionate_resection",
                True,
                disp,
                "exérèse parenchymateuse disproportionnée requise, ou contre-indication "
                "chirurgicale",
                "L2",
            )
        )
    notes = (
        "Alternative à la chirurgie en cas de contre-indication chirurgicale ou d'exérèse "
        "parenchymateuse disproportionnée.",
    )
    return (support(OptionCode.INTERVENTIONAL_BRONCHOSCOPY, Level.OPTION, unmet, because, notes),)


@LOCAL_RULES.rule(
    id="L3",
    section="local",
    source="§local, ¶2",
    title="CT : chirurgie conservatrice, exérèse minimale = segmentectomie avec curage",
    excerpt="Pour les carcinoïdes typiques (CT), la chirurgie devra être conservatrice au "
    "maximum : la chirurgie minimale doit être une segmentectomie avec curage. Les résections "
    "anatomiques avec curage sont recommandées pour tous les CT.",
    reads=("histology", "surgery_done", "surgery_type"),
    settings=LOCAL,
    outcome="Précise la chirurgie du CT ; alerte si un CT a été opéré par wedge.",
    options=(OptionCode.SURGERY_ANATOMICAL_RESECTION,),
    alerts=(AlertCode.BELOW_MINIMAL_RESECTION,),
    interpretation="Une résection atypique (wedge) n'est pas anatomique : elle est sous "
    "l'exérèse minimale d'un CT.",
)
def l3_typical_extent(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    if f.histology is not Histology.TYPICAL:
        return ()
    if f.surgery_done is not True:
        note = (
            "CT : chirurgie la plus conservatrice possible ; exérèse minimale = "
            "segmentectomie avec curage ; résections anatomiques avec curage recommandées."
        )
        return (
            annotate(
                OptionCode.SURGERY_ANATOMICAL_RESECTION, (eq("histology", f.histology),), (note,)
            ),
        )
    if f.surgery_type is SurgeryType.WEDGE:
        return (
            alert(
                AlertCode.BELOW_MINIMAL_RESECTION,
                Severity.WARNING,
                "CT opéré par résection atypique (wedge) : l'exérèse minimale recommandée "
                "est une segmentectomie avec curage.",
            ),
        )
    return ()


@LOCAL_RULES.rule(
    id="L4",
    section="local",
    source="§local, ¶2",
    title="Argument pré-opératoire de CA : lobectomie avec curage médiastinal ; RCP RENATEN",
    excerpt="En cas d’argument pré-opératoire pour un carcinoïde atypique (CA), le traitement "
    "devra être une lobectomie avec curage ganglionnaire médiastinal. La présentation en RCP "
    "RENATEN de tout carcinoïde atypique est souhaitable.",
    reads=(
        "histology",
        "histology_source",
        "surgery_done",
        "surgery_type",
        "surgical_contraindication",
    ),
    settings=(DiseaseExtent.LOCALIZED, DiseaseExtent.LOCALLY_ADVANCED_INOPERABLE),
    outcome="CA (ex. sur biopsie) : lobectomie avec curage médiastinal ; présentation en RCP "
    "RENATEN souhaitable ; alerte si un CA connu avant l'intervention a eu une exérèse "
    "infra-lobaire.",
    options=(OptionCode.LOBECTOMY_MEDIASTINAL_DISSECTION,),
    alerts=(
        AlertCode.RCP_RENATEN_DESIRABLE,
        AlertCode.BELOW_MINIMAL_RESECTION,
        AlertCode.OUT_OF_REFERENTIEL,
    ),
    interpretation="L'argument pré-opératoire retenu est l'histologie atypique ; un CA "
    "découvert sur pièce après exérèse infra-lobaire n'est pas traité par le texte (hors "
    "référentiel).",
)
def l4_atypical(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    out: list[Finding] = []
    if f.histology is Histology.ATYPICAL:
        out.append(
            alert(
                AlertCode.RCP_RENATEN_DESIRABLE,
                Severity.INFO,
                "Carcinoïde atypique : présentation en RCP RENATEN souhaitable.",
            )
        )
    if f.disease_extent is not DiseaseExtent.LOCALIZED:
        return out
    if f.surgery_done is True:
        out.extend(_atypical_after_sublobar(f))
        return out
    if f.histology is Histology.TYPICAL:
        return out
    unmet = _preop_unmet(f) + _operable_unmet(f)
    because = _base_because(f)
    if f.histology is Histology.ATYPICAL:
        if f.histology_source is not None:
            because.append(eq("histology_source", f.histology_source))
    else:
        unmet.insert(
            0,
            need(
                "histology",
                Histology.ATYPICAL,
                f.histology,
                "carcinoïde atypique requis (argument pré-opératoire pour un CA)",
            ),
        )
    out.append(
        support(OptionCode.LOBECTOMY_MEDIASTINAL_DISSECTION, Level.RECOMMENDED, unmet, because)
    )
    return out


def _atypical_after_sublobar(f: CaseFacts) -> list[Finding]:
    if f.histology is not Histology.ATYPICAL or f.surgery_type not in _SUBLOBAR:
        return []
    if f.histology_source is HistologySource.BIOPSY:
        return [
            alert(
                AlertCode.BELOW_MINIMAL_RESECTION,
                Severity.WARNING,
                "CA connu avant l'intervention (biopsie) opéré par résection infra-lobaire : "
                "le traitement attendu est une lobectomie avec curage ganglionnaire "
                "médiastinal.",
            )
        ]
    # Judgement: a CA found on the specimen of a sub-lobar resection — the text says nothing of
    # completion surgery, so we flag it instead of deciding.
    return [
        alert(
            AlertCode.OUT_OF_REFERENTIEL,
            Severity.WARNING,
            "CA après résection infra-lobaire sans argument pré-opératoire documenté : "
            f"conduite non traitée par le texte, {OUT_OF_REFERENTIEL}.",
        )
    ]


@LOCAL_RULES.rule(
    id="L5",
    section="local",
    source="§local, ¶3",
    title="Pas de traitement complémentaire après résection complète ; RCP RENATEN si N+",
    excerpt="Il n’existe actuellement aucun argument pour recommander un traitement "
    "complémentaire post-opératoire en cas de résection complète, quel que soit le statut "
    "ganglionnaire. La présentation en RCP RENATEN de tout carcinoïde opéré N+ est "
    "souhaitable.",
    reads=("surgery_done", "resection_status", "nodal_status"),
    settings=LOCAL,
    outcome="Après résection R0 : traitement complémentaire non recommandé ; N+ : RCP "
    "RENATEN souhaitable ; R1/R2 : hors référentiel.",
    options=(OptionCode.ADJUVANT_TREATMENT,),
    alerts=(AlertCode.RCP_RENATEN_DESIRABLE, AlertCode.OUT_OF_REFERENTIEL),
    interpretation="Le texte ne traite que de la résection complète : R1/R2 est signalé "
    "hors référentiel.",
)
def l5_adjuvant(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    if f.surgery_done is not True:
        return ()
    out: list[Finding] = []
    if f.nodal_status is NodalStatus.N_PLUS:
        out.append(
            alert(
                AlertCode.RCP_RENATEN_DESIRABLE,
                Severity.INFO,
                "Carcinoïde opéré N+ : présentation en RCP RENATEN souhaitable.",
            )
        )
    status = f.resection_status
    if status in (ResectionStatus.R1, ResectionStatus.R2):
        # The text only speaks of complete resection: R1/R2 is silent ground.
        out.append(
            alert(
                AlertCode.OUT_OF_REFERENTIEL,
                Severity.WARNING,
                f"Résection incomplète ({status}) : conduite post-opératoire non traitée "
                f"par le texte, {OUT_OF_REFERENTIEL}.",
            )
        )
        return out
    unmet = (
        []
        if status is ResectionStatus.R0
        else [
            need(
                "resection_status",
                ResectionStatus.R0,
                status,
                "résection complète (R0) requise : la règle vaut après résection complète",
            )
        ]
    )
    because = [eq("surgery_done", True)]
    because += [
        eq(n, v)
        for n, v in (("resection_status", status), ("nodal_status", f.nodal_status))
        if v is not None
    ]
    notes = (
        "Aucun argument pour un traitement complémentaire après résection complète, quel que "
        "soit le statut ganglionnaire.",
    )
    out.append(support(OptionCode.ADJUVANT_TREATMENT, Level.NOT_RECOMMENDED, unmet, because, notes))
    return out


@LOCAL_RULES.rule(
    id="L6",
    section="local",
    source="§local, ¶5",
    title="Endoscopie bronchique après résection-anastomose",
    excerpt="Une endoscopie bronchique est conseillée après résection-anastomose afin "
    "d’évaluer les risques de re- sténose.",
    reads=("surgery_done", "surgery_type"),
    settings=LOCAL,
    outcome="Alerte : endoscopie bronchique conseillée après résection-anastomose.",
    alerts=(AlertCode.BRONCHOSCOPY_AFTER_SLEEVE_RESECTION,),
)
def l6_sleeve(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    if f.surgery_done is True and f.surgery_type is SurgeryType.SLEEVE_RESECTION:
        return (
            alert(
                AlertCode.BRONCHOSCOPY_AFTER_SLEEVE_RESECTION,
                Severity.INFO,
                "Après résection-anastomose : endoscopie bronchique conseillée pour évaluer "
                "le risque de re-sténose.",
            ),
        )
    return ()


@LOCAL_RULES.rule(
    id="L7",
    section="local",
    source="§local, ¶4",
    title="Surveillance prolongée (> 10 ans), avis d'experts, pas de TEP",
    excerpt="Il n’y a aucune étude prospective publiée permettant de définir de manière "
    "précise la surveillance des carcinoïdes bronchiques opérés. Les recommandations "
    "ci-dessous relèvent donc d’avis d’experts. Du fait de l’apparition tardive en "
    "particulier de métastases hépatiques, la surveillance radio-clinique doit être "
    "prolongée pendant plus de 10 ans pour les carcinoïdes. L’intérêt d’une surveillance "
    "systématique des CT N0 n’est pas démontré et reste discuté. Il n’est pas recommandé de "
    "surveiller les patients opérés par des imageries TEP.",
    reads=("surgery_done", "histology", "nodal_status", "resection_status"),
    settings=LOCAL,
    outcome="Patient opéré : alerte « pas de TEP pour la surveillance » ; indique ce qui "
    "manque pour choisir le rythme.",
    alerts=(AlertCode.NO_PET_FOR_FOLLOW_UP, AlertCode.OUT_OF_REFERENTIEL),
    interpretation="Nx n'est ni N0 ni N+ : pas de rythme défini (hors référentiel). "
    "Après résection incomplète (R1/R2) le texte est muet : aucun plan n'est proposé, seule "
    "l'alerte « hors référentiel » (L5).",
)
def l7_follow_up(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    if f.surgery_done is None:
        return (
            FollowUpFinding(
                None,
                (
                    need(
                        "surgery_done",
                        True,
                        None,
                        "tumeur primitive opérée requise pour établir la surveillance "
                        "post-opératoire",
                    ),
                ),
            ),
        )
    if f.surgery_done is False:
        return ()
    out: list[Finding] = [
        alert(
            AlertCode.NO_PET_FOR_FOLLOW_UP,
            Severity.INFO,
            "Surveillance des patients opérés : imageries TEP non recommandées.",
        )
    ]
    if _incomplete_resection(f):
        return out  # no plan borrowed from L8/L9: L5 says hors référentiel
    if f.histology is Histology.ATYPICAL or f.nodal_status is NodalStatus.N_PLUS:
        return out  # L9 decides
    if f.histology is Histology.UNKNOWN:
        out.append(
            FollowUpFinding(
                None,
                (
                    need(
                        "histology",
                        (Histology.TYPICAL, Histology.ATYPICAL),
                        f.histology,
                        "carcinoïde typique ou atypique requis pour choisir le rythme",
                    ),
                ),
            )
        )
    if f.nodal_status is NodalStatus.NX:
        # Judgement: Nx is neither "N0" nor "N+" of the schedule; the text has no rhythm for it.
        out.append(
            alert(
                AlertCode.OUT_OF_REFERENTIEL,
                Severity.WARNING,
                "Statut ganglionnaire non évaluable (Nx) : rythme de surveillance non "
                f"défini par le texte, {OUT_OF_REFERENTIEL}.",
            )
        )
    if f.nodal_status in (None, NodalStatus.NX):
        out.append(
            FollowUpFinding(
                None,
                (
                    need(
                        "nodal_status",
                        (NodalStatus.N0, NodalStatus.N_PLUS),
                        f.nodal_status,
                        "N0 ou N+ requis pour choisir le rythme",
                    ),
                ),
            )
        )
    return out


def _incomplete_resection(f: CaseFacts) -> bool:
    # R1/R2: the text's follow-up is that of resected carcinoids; L5 flags it hors référentiel.
    return f.resection_status in (ResectionStatus.R1, ResectionStatus.R2)


@LOCAL_RULES.rule(
    id="L8",
    section="local — rythme de surveillance",
    source="§local, rythme",
    title="CT N0 : surveillance non systématique, examens peu irradiants",
    excerpt="CT N0 : pas de consensus pour une surveillance systématique. Si celle-ci est "
    "néanmoins décidée, privilégier les examens non ou peu irradiants (échographie "
    "abdominale/ IRM hépatique) et sur une période longue (> 10 ans) ;",
    reads=("surgery_done", "histology", "nodal_status", "resection_status"),
    settings=LOCAL,
    outcome="Plan de surveillance facultatif, sans calendrier fixe : échographie abdominale "
    "ou IRM hépatique, sur plus de 10 ans.",
    follow_up=(FollowUpCode.OPTIONAL_LOW_IRRADIATION,),
)
def l8_follow_up_tc_n0(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    if _incomplete_resection(f):
        return ()
    if (
        f.surgery_done is True
        and f.histology is Histology.TYPICAL
        and f.nodal_status is NodalStatus.N0
    ):
        return (FollowUpFinding(FollowUpCode.OPTIONAL_LOW_IRRADIATION),)
    return ()


@LOCAL_RULES.rule(
    id="L9",
    section="local — rythme de surveillance",
    source="§local, rythme",
    title="CT N+ et CA : TDM à 4 mois puis annuelle, plus de 10 ans",
    excerpt="CT N+ et CA : TDM thoraco-abdominal avec injection et acquisitions vasculaires "
    "précoces à 4 mois puis annuellement, à espacer progressivement. Imagerie des récepteurs "
    "à la somatostatine et imagerie dédiée en cas de suspicion de récidive. Durée de "
    "surveillance CT et CA : plus de 10 ans",
    reads=("surgery_done", "histology", "nodal_status", "resection_status"),
    settings=LOCAL,
    outcome="Plan : TDM thoraco-abdominale injectée à 4 mois puis annuelle (à espacer "
    "progressivement), plus de 10 ans ; IRS et imagerie dédiée si suspicion de récidive.",
    follow_up=(FollowUpCode.CT_4M_THEN_YEARLY,),
    interpretation="« À espacer progressivement » sans rythme chiffré : le calendrier "
    "propose une échéance annuelle, l'espacement reste une décision clinique.",
)
def l9_follow_up_ct(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    if _incomplete_resection(f):
        return ()
    # TC N+ and CA share one schedule, so N+ decides even if the histology is not known.
    if f.surgery_done is True and (
        f.histology is Histology.ATYPICAL or f.nodal_status is NodalStatus.N_PLUS
    ):
        return (FollowUpFinding(FollowUpCode.CT_4M_THEN_YEARLY),)
    return ()
