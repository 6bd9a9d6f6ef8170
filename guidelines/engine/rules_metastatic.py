"""Rules P1–P6 (prerequisites of metastatic care) and S1–S5 (secretory syndromes, §5.1)."""

from __future__ import annotations

from collections.abc import Sequence

from .clinical import (
    liver_involved,
    liver_unmet,
    refractory_because,
    syndrome_because,
    syndrome_present,
    syndrome_refractory,
    syndrome_uncontrolled,
)
from .codes import (
    AlertCode,
    CarcinoidSyndrome,
    DiseaseExtent,
    ImagingResult,
    Level,
    OptionCode,
    PlannedProcedure,
    Severity,
)
from .context import RuleContext
from .facts import CaseFacts
from .model import Finding, RuleBook, alert, annotate, require, support
from .text import OUT_OF_REFERENTIEL, Item, eq, need, value_label

PREREQUISITE_RULES = RuleBook()
SECRETORY_RULES = RuleBook()
METASTATIC = (DiseaseExtent.METASTATIC,)
ALL_EXTENTS = tuple(DiseaseExtent)

LOCOREGIONAL = (
    OptionCode.LIVER_SURGERY,
    OptionCode.COMBINED_PRIMARY_LIVER_SURGERY,
    OptionCode.LIVER_EMBOLIZATION,
    OptionCode.LIVER_THERMOABLATION,
    OptionCode.CYTOREDUCTIVE_SURGERY,
    OptionCode.BONE_LOCAL_TREATMENT,
    OptionCode.PRIMARY_RESECTION,
)
_PLANNED_LOCOREGIONAL = frozenset(
    {
        PlannedProcedure.LIVER_SURGERY,
        PlannedProcedure.LIVER_EMBOLIZATION,
        PlannedProcedure.PRIMARY_SURGERY,
    }
)
_CRISIS = (
    "crise aiguë carcinoïdienne : flush intense, hypotension sévère ou HTA rebelle, "
    "arythmie, bronchospasme rebelle, insuffisance rénale"
)

SSA_FORMS = (
    "Octréotide (Sandostatine®) LP 10, 20 ou 30 mg : une injection intramusculaire mensuelle.",
    "Lanréotide (Somatuline®) LP 60, 90 ou 120 mg : une injection sous-cutanée profonde mensuelle.",
    "Génériques disponibles pour les deux molécules (même dosage).",
    "Dose initiale à adapter à la symptomatologie clinique.",
)
SSA_EMERGENCY = (
    "Situation d'urgence : octréotide sous-cutané, deux à trois injections par jour, "
    "ou pousse-seringue."
)

SSA_NON_THREATENING = "Syndrome non menaçant : prescription d'emblée d'une forme retard possible."
SSA_ESCAPE = "Échappement aux ASM (tachyphylaxie) : répond mal aux augmentations de doses."


# --- P: prerequisites ---------------------------------------------------------------------


@PREREQUISITE_RULES.rule(
    id="P1",
    section="synthèse — prérequis 1",
    source="synthèse, prérequis 1",
    title="Toute décision thérapeutique discutée en RCP de recours RENATEN",
    excerpt="Pour ces tumeurs, toutes les décisions thérapeutiques doivent être discutées "
    "dans le cadre d'une concertation pluridisciplinaire de recours RENATEN avec avis "
    "d’experts",
    reads=(),
    settings=METASTATIC,
    outcome="Alerte : discussion en RCP RENATEN requise.",
    alerts=(AlertCode.RCP_RENATEN_REQUIRED,),
)
def p1_rcp(c: RuleContext) -> Sequence[Finding]:
    return (
        alert(
            AlertCode.RCP_RENATEN_REQUIRED,
            Severity.WARNING,
            "Toutes les décisions thérapeutiques doivent être discutées en RCP de recours "
            "RENATEN, avec avis d'experts.",
        ),
    )


@PREREQUISITE_RULES.rule(
    id="P2",
    section="synthèse — prérequis 2",
    source="synthèse, prérequis 2 ; §5 intro",
    title="Inclusion dans un essai thérapeutique systématiquement évoquée",
    excerpt="La possibilité de l’inclusion du patient dans un essai thérapeutique devra être "
    "systématiquement évoquée. […] il faut promouvoir la recherche clinique et l’inclusion "
    "des carcinoïdes bronchiques métastatiques dans les essais thérapeutiques doit être "
    "privilégiée.",
    reads=(),
    settings=METASTATIC,
    outcome="Alerte « évoquer un essai » et option « inclusion dans un essai » recommandée.",
    options=(OptionCode.CLINICAL_TRIAL,),
    alerts=(AlertCode.CONSIDER_CLINICAL_TRIAL,),
)
def p2_trial(c: RuleContext) -> Sequence[Finding]:
    return (
        alert(
            AlertCode.CONSIDER_CLINICAL_TRIAL,
            Severity.INFO,
            "L'inclusion dans un essai thérapeutique doit être systématiquement évoquée.",
        ),
        support(
            OptionCode.CLINICAL_TRIAL,
            Level.RECOMMENDED,
            (),
            (eq("disease_extent", DiseaseExtent.METASTATIC),),
            ("Inclusion des carcinoïdes bronchiques métastatiques dans les essais à privilégier.",),
        ),
    )


@PREREQUISITE_RULES.rule(
    id="P3",
    section="synthèse — prérequis 3",
    source="synthèse, prérequis 3 ; §5.1",
    title="Syndrome carcinoïde contrôlé en priorité par les ASM",
    excerpt="Le syndrome carcinoïde, s’il existe, devra être contrôlé en priorité au moyen "
    "des analogues de la somatostatine (ASM).",
    reads=("carcinoid_syndrome", "carcinoid_crisis"),
    settings=METASTATIC,
    outcome="Syndrome non contrôlé : alerte « contrôler d'abord le syndrome ».",
    alerts=(AlertCode.CONTROL_SYNDROME_FIRST,),
)
def p3_syndrome_first(c: RuleContext) -> Sequence[Finding]:
    if syndrome_uncontrolled(c.f) is True:
        return (
            alert(
                AlertCode.CONTROL_SYNDROME_FIRST,
                Severity.WARNING,
                "Syndrome carcinoïde non contrôlé : à contrôler en priorité par les ASM.",
            ),
        )
    return ()


# §5.1 proposes these two gestures *for* a syndrome refractory to SSA (S4): for them an SSA
# escape is the indication, not an unmet prerequisite.
_FOR_REFRACTORY = frozenset({OptionCode.LIVER_EMBOLIZATION, OptionCode.CYTOREDUCTIVE_SURGERY})


def _syndrome_control_unmet(f: CaseFacts) -> Item | None:
    """The P4 prerequisite of a locoregional gesture, or None when it holds."""
    uncontrolled = syndrome_uncontrolled(f)
    if uncontrolled is False:
        return None
    if uncontrolled is None:
        return need(
            "carcinoid_syndrome",
            (CarcinoidSyndrome.NONE, CarcinoidSyndrome.CONTROLLED),
            None,
            "à renseigner : le contrôle du syndrome carcinoïde éventuel est un préalable au geste",
        )
    if f.carcinoid_syndrome is None:  # a crisis without the syndrome's own field
        return need(
            "carcinoid_crisis",
            False,
            True,
            "crise carcinoïdienne à contrôler d'abord par les ASM (préalable au geste)",
        )
    return need(
        "carcinoid_syndrome",
        (CarcinoidSyndrome.NONE, CarcinoidSyndrome.CONTROLLED),
        f.carcinoid_syndrome,
        "syndrome carcinoïde à contrôler d'abord par les ASM (préalable au geste)",
    )


@PREREQUISITE_RULES.rule(
    id="P4",
    section="5.1",
    source="§5.1",
    title="Contrôle du syndrome préalable à tout geste invasif ou thérapeutique spécifique",
    excerpt="Son contrôle doit être un préalable à tout geste diagnostique invasif ou toute "
    "thérapeutique spécifique (chirurgie ou embolisation hépatique) de la maladie "
    "métastatique afin d’éviter la survenue d’une crise aiguë carcinoïdienne (flush intense, "
    "hypotension sévère ou HTA rebelle, arythmie, bronchospasme rebelle, insuffisance "
    "rénale).",
    reads=(
        "planned_procedures",
        "carcinoid_syndrome",
        "carcinoid_crisis",
        "prior_treatments",
    ),
    settings=METASTATIC,
    outcome="Tout traitement locorégional : syndrome contrôlé exigé (dans ce qui manque) ; "
    "geste prévu avec syndrome non contrôlé : alerte bloquante ; syndrome non renseigné : "
    "alerte.",
    options=LOCOREGIONAL,
    alerts=(AlertCode.CONTROL_SYNDROME_FIRST,),
    interpretation="Tout geste prévu (dont la RIV) est un geste invasif ou une thérapeutique "
    "spécifique ; le contrôle du syndrome est un prérequis de chaque traitement "
    "locorégional. Exception lue dans le §5.1 : la chimio-embolisation et la chirurgie de "
    "cytoréduction y sont proposées pour le syndrome réfractaire aux ASM (S4), dont "
    "l'échappement est alors l'indication.",
)
def p4_before_procedures(c: RuleContext) -> Sequence[Finding]:
    out: list[Finding] = []
    item = _syndrome_control_unmet(c.f)
    if item is not None:
        refractory = syndrome_refractory(c.f) is True
        out += [
            require(code, (item,))
            for code in LOCOREGIONAL
            if not (refractory and code in _FOR_REFRACTORY)
        ]
    return [*out, *_p4_alerts(c)]


def _p4_alerts(c: RuleContext) -> Sequence[Finding]:
    planned = c.f.planned_procedures
    if not planned:
        return ()
    uncontrolled = syndrome_uncontrolled(c.f)
    if uncontrolled is True:
        return (
            alert(
                AlertCode.CONTROL_SYNDROME_FIRST,
                Severity.BLOCKING,
                f"Geste prévu ({value_label(planned)}) alors que le syndrome carcinoïde n'est pas "
                f"contrôlé : son contrôle est un préalable (risque de {_CRISIS}).",
            ),
        )
    if uncontrolled is None:
        return (
            alert(
                AlertCode.CONTROL_SYNDROME_FIRST,
                Severity.WARNING,
                f"Geste prévu ({value_label(planned)}) : syndrome carcinoïde non renseigné, "
                "vérifier que le syndrome carcinoïde éventuel est contrôlé avant le geste.",
            ),
        )
    return ()


_SSTR_DONE = (ImagingResult.POSITIVE, ImagingResult.NEGATIVE)


@PREREQUISITE_RULES.rule(
    id="P5",
    section="5.8",
    source="§5.8",
    title="TEP 68Ga-DOTATOC avant tout traitement locorégional ; IRM de diffusion avant "
    "chirurgie hépatique",
    excerpt="La réalisation d’une TEP 68Ga-DOTA-TOC et la mise sous ASM en cas de syndrome "
    "sécrétoire doit être un préalable à toute action thérapeutique. […] (IRM avec séquences "
    "de diffusion indispensable avant toute intervention chirurgicale)",
    reads=("planned_procedures", "sstr_imaging"),
    settings=METASTATIC,
    outcome="Tout traitement locorégional : TEP 68Ga-DOTATOC exigée (dans ce qui manque) ; "
    "option locorégionale proposée ou geste prévu sans IRS : alerte (bloquante si prévu) ; "
    "chirurgie hépatique : alerte IRM de diffusion.",
    options=LOCOREGIONAL,
    alerts=(AlertCode.SSTR_PET_BEFORE_LOCOREGIONAL, AlertCode.LIVER_MRI_DIFFUSION_BEFORE_SURGERY),
    interpretation="Une IRS négative compte comme réalisée ; l'exigence vise les traitements "
    "locorégionaux (§5.8).",
)
def p5_sstr_required(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    if f.sstr_imaging in _SSTR_DONE:
        return ()
    item = need(
        "sstr_imaging",
        _SSTR_DONE,
        f.sstr_imaging,
        "TEP 68Ga-DOTATOC à réaliser : préalable à tout traitement locorégional",
    )
    return [require(code, (item,)) for code in LOCOREGIONAL]


@PREREQUISITE_RULES.after("P5")
def p5_before_locoregional(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    planned = _PLANNED_LOCOREGIONAL.intersection(f.planned_procedures or ())
    proposed = [code for code in LOCOREGIONAL if c.merge(code) is not None]
    eligible = c.any_eligible(LOCOREGIONAL)
    out: list[Finding] = []
    if (planned or proposed) and f.sstr_imaging not in _SSTR_DONE:
        severity = Severity.BLOCKING if planned else Severity.WARNING
        out.append(
            alert(
                AlertCode.SSTR_PET_BEFORE_LOCOREGIONAL,
                severity,
                "TEP 68Ga-DOTATOC (et ASM en cas de syndrome sécrétoire) préalable à tout "
                "traitement locorégional (imagerie des récepteurs de la somatostatine : "
                f"{value_label(f.sstr_imaging).lower()}).",
            )
        )
    liver_surgery = [
        o
        for o in proposed
        if o in (OptionCode.LIVER_SURGERY, OptionCode.COMBINED_PRIMARY_LIVER_SURGERY)
        and (o in eligible or c.merge(o)["eligibility"] == "pending")
    ]
    if liver_surgery or PlannedProcedure.LIVER_SURGERY in planned:
        out.append(
            alert(
                AlertCode.LIVER_MRI_DIFFUSION_BEFORE_SURGERY,
                Severity.WARNING,
                "IRM hépatique avec séquences de diffusion indispensable avant toute "
                "chirurgie hépatique.",
            )
        )
    return out


# P6 has no function of its own: the rules that read the slope apply it (also_rules).
PREREQUISITE_RULES.declare(
    id="P6",
    section="5",
    source="§5 intro",
    title="Pente évolutive jugée sur deux imageries en coupe successives",
    excerpt="Ces armes thérapeutiques pourront s’associer ou se succéder dans le temps en "
    "tenant compte de la pente évolutive de la maladie évaluée par deux imageries en coupe "
    "successives",
    reads=("progression",),
    settings=METASTATIC,
    outcome="Appliquée par les règles qui lisent la pente évolutive : si elle est inconnue, "
    "l'option n'est pas retenue et « progression » figure dans ce qui manque.",
)


# --- S: secretory syndromes ---------------------------------------------------------------


def _outside_metastatic(what: str) -> Sequence[Finding]:
    return (
        alert(
            AlertCode.OUT_OF_REFERENTIEL,
            Severity.WARNING,
            f"{what} hors situation métastatique : non traité par le texte, {OUT_OF_REFERENTIEL}.",
        ),
    )


@SECRETORY_RULES.rule(
    id="S1",
    section="5.1",
    source="§5.1",
    title="Syndrome carcinoïde : ASM, traitement de référence",
    excerpt="Le syndrome carcinoïde doit être traité par les analogues de la somatostatine "
    "(ASM). […] Les ASM sont actuellement le traitement de référence des syndromes "
    "carcinoïdes. En dehors des situations d'urgence qui justifient la réalisation de deux à "
    "trois injections sous-cutanées par jour d’octréotide, ou la mise en place d’un pousse "
    "seringue, la prescription d'emblée de forme retard peut se concevoir en cas de syndrome "
    "sécrétoire non menaçant.",
    reads=("carcinoid_syndrome", "carcinoid_crisis", "prior_treatments"),
    settings=ALL_EXTENTS,
    outcome="ASM (contrôle du syndrome) recommandés avec formes et doses ; schéma d'urgence "
    "en cas de crise. Hors situation métastatique : hors référentiel.",
    options=(OptionCode.SSA_SYNDROME_CONTROL,),
    alerts=(AlertCode.OUT_OF_REFERENTIEL,),
)
def s1_ssa_syndrome(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    present = syndrome_present(f)
    if f.disease_extent is not DiseaseExtent.METASTATIC:
        # §5.1 belongs to the metastatic chapter; elsewhere the text is silent.
        return _outside_metastatic("Syndrome carcinoïde") if present else ()
    if present is False:
        return ()
    unmet: list[Item] = []
    because: list[Item] = []
    if present is None:
        unmet.append(need("carcinoid_syndrome", None, None, "syndrome carcinoïde à renseigner"))
    else:
        because = syndrome_because(f)
    urgent = SSA_EMERGENCY if f.carcinoid_crisis is True else SSA_NON_THREATENING
    notes = [urgent, *SSA_FORMS]
    if syndrome_refractory(f):
        notes.append(SSA_ESCAPE)
    return (support(OptionCode.SSA_SYNDROME_CONTROL, Level.RECOMMENDED, unmet, because, notes),)


@SECRETORY_RULES.rule(
    id="S2",
    section="5.1",
    source="§5.1",
    title="Pasiréotide : pas d'AMM dans le syndrome carcinoïde",
    excerpt="Le pasireotide n'a pas d'AMM dans le traitement du syndrome carcinoïde.",
    reads=("carcinoid_syndrome", "carcinoid_crisis"),
    settings=METASTATIC,
    outcome="Syndrome présent : pasiréotide affiché « non proposé par le texte » (pas d'AMM).",
    options=(OptionCode.PASIREOTIDE,),
    interpretation="Le texte ne propose le pasiréotide pour aucune indication et ne le "
    "déconseille pas : affiché « non proposé par le texte » sans en inventer une.",
)
def s2_pasireotide(c: RuleContext) -> Sequence[Finding]:
    if syndrome_present(c.f) is not True:
        return ()
    # The text only says pasireotide has no AMM for the syndrome and proposes it for nothing;
    # it does not recommend against it: "not proposed" (2.0.0; was "not recommended").
    return (
        support(
            OptionCode.PASIREOTIDE,
            Level.NOT_PROPOSED,
            (),
            (eq("carcinoid_syndrome", c.f.carcinoid_syndrome),),
            (
                "Pas d'AMM dans le traitement du syndrome carcinoïde ; aucune indication "
                "retenue par le référentiel.",
            ),
        ),
    )


@SECRETORY_RULES.rule(
    id="S3",
    section="5.1",
    source="§5.1",
    title="Échappement aux ASM ; télotristat pour la diarrhée réfractaire",
    excerpt="Le syndrome carcinoïde finit toutefois par échapper aux ASM. Ce phénomène de "
    "tachyphylaxie répond mal aux augmentations des doses […] Le Telotristat Etiprate "
    "(XERMELO®) a obtenu une AMM européenne en 2017 dans les diarrhées réfractaires aux ASM "
    "(101), mais n’est pas remboursé en France.",
    reads=("carcinoid_syndrome", "carcinoid_crisis", "refractory_diarrhoea"),
    settings=METASTATIC,
    outcome="Syndrome non contrôlé ou diarrhée réfractaire : télotristat (AMM, non "
    "remboursé), retenu si diarrhée réfractaire aux ASM.",
    options=(OptionCode.TELOTRISTAT,),
    interpretation="L'AMM vise la diarrhée réfractaire aux ASM : c'est la condition retenue.",
)
def s3_telotristat(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    uncontrolled = syndrome_uncontrolled(f)
    if uncontrolled is not True and f.refractory_diarrhoea is not True:
        return ()
    because = [eq("carcinoid_syndrome", f.carcinoid_syndrome)] if uncontrolled else []
    unmet: list[Item] = []
    if f.refractory_diarrhoea is True:
        because.append(eq("refractory_diarrhoea", True))
    else:
        unmet.append(
            need(
                "refractory_diarrhoea",
                True,
                f.refractory_diarrhoea,
                "diarrhée réfractaire aux ASM requise (indication de l'AMM)",
            )
        )
    notes = (
        "AMM européenne (2017) dans les diarrhées réfractaires aux ASM ; non remboursé en France.",
        SSA_ESCAPE,
    )
    return (support(OptionCode.TELOTRISTAT, Level.OPTION, unmet, because, notes),)


@SECRETORY_RULES.rule(
    id="S4",
    section="5.1",
    source="§5.1",
    title="Syndrome carcinoïde réfractaire : autres options",
    excerpt="Les autres options thérapeutiques envisageables en cas de syndrome carcinoïde "
    "réfractaire sont l’utilisation des traitements locaux-régionaux notamment les "
    "chémo-embolisations en particulier lors de métastases hépatiques exclusives ou "
    "prédominantes, voire la chirurgie de cyto-réduction (cf infra). L’interféron reste une "
    "option peu documentée mais prescrite dans cette indication (cf infra). Enfin la "
    "radiothérapie interne vectorisée (RIV) (cf infra) représente également une option "
    "potentielle depuis mars 2022 dans le cadre d’une prescription compassionnelle validée "
    "en RCP RENATEN.",
    reads=(
        "carcinoid_syndrome",
        "carcinoid_crisis",
        "prior_treatments",
        "liver_predominant",
        "metastatic_sites",
    ),
    settings=METASTATIC,
    outcome="Syndrome réfractaire : chimio-embolisation et chirurgie de cytoréduction "
    "(métastases hépatiques) ; interféron (T9) et RIV (T7) annotés, leurs conditions "
    "propres restant exigées.",
    options=(
        OptionCode.LIVER_EMBOLIZATION,
        OptionCode.CYTOREDUCTIVE_SURGERY,
        OptionCode.INTERFERON_ALPHA,
        OptionCode.PRRT_LUTATHERA,
    ),
    interpretation="Réfractaire = échappement aux ASM, y compris un syndrome non contrôlé "
    "sous ASM en cours. Les gestes locorégionaux (« cf infra ») supposent des métastases "
    "hépatiques. L'interféron et la RIV gardent leurs conditions (T9, T7).",
)
def s4_refractory(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    if syndrome_refractory(f) is not True:
        return ()
    because = refractory_because(f)
    out: list[Finding] = [
        annotate(
            OptionCode.INTERFERON_ALPHA,
            because,
            ("Syndrome réfractaire : option peu documentée mais prescrite.",),
        ),
        annotate(
            OptionCode.PRRT_LUTATHERA,
            because,
            (
                "Syndrome réfractaire : option potentielle depuis mars 2022, prescription "
                "compassionnelle validée en RCP RENATEN.",
            ),
        ),
    ]
    liver = liver_involved(f)
    if liver is False:
        return out  # the locoregional options it names ("cf infra") are liver gestures
    unmet = [] if liver else liver_unmet(f)
    predominant = [eq("liver_predominant", True)] if f.liver_predominant else []
    embolization_note = (
        "Syndrome réfractaire : chimio-embolisation en particulier si métastases hépatiques "
        "exclusives ou prédominantes."
    )
    out.append(
        support(
            OptionCode.LIVER_EMBOLIZATION,
            Level.OPTION,
            unmet,
            because + predominant,
            (embolization_note,),
        )
    )
    out.append(support(OptionCode.CYTOREDUCTIVE_SURGERY, Level.OPTION, unmet, because))
    return out


@SECRETORY_RULES.rule(
    id="S5",
    section="5.1",
    source="§5.1",
    title="Syndrome de Cushing : traitement dédié sur avis spécialisé",
    excerpt="Enfin, l’exceptionnel syndrome de cushing (2% des patients métastatiques (105) "
    "sera traité par des thérapeutiques dédiées sur avis spécialisé (kétoconazole, "
    "metyrapone...) pouvant aller jusqu’à la surrenalectomie bilatérale.",
    reads=("cushing_syndrome",),
    settings=ALL_EXTENTS,
    outcome="Syndrome de Cushing : traitement dédié sur avis spécialisé. Hors situation "
    "métastatique : hors référentiel.",
    options=(OptionCode.CUSHING_SPECIFIC_TREATMENT,),
    alerts=(AlertCode.OUT_OF_REFERENTIEL,),
)
def s5_cushing(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    if f.cushing_syndrome is not True:
        return ()
    if f.disease_extent is not DiseaseExtent.METASTATIC:
        return _outside_metastatic("Syndrome de Cushing")
    return (
        support(
            OptionCode.CUSHING_SPECIFIC_TREATMENT,
            Level.RECOMMENDED,
            (),
            (eq("cushing_syndrome", True),),
            (
                "Thérapeutiques dédiées sur avis spécialisé (kétoconazole, métyrapone…), "
                "pouvant aller jusqu'à la surrénalectomie bilatérale.",
            ),
        ),
    )
