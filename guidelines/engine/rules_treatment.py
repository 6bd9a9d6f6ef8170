"""Rules T1–T10: antitumour treatments of metastatic disease (§5.2–5.7 and the summary)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from .clinical import (
    PROGRESSING,
    SSA_CODES,
    failed_lines,
    indolent,
    liver_involved,
    not_resectable,
    progression_known,
    prrt_retained_or_planned,
    refractory_because,
    syndrome_because,
    syndrome_refractory,
    syndrome_uncontrolled,
)
from .codes import (
    AlertCode,
    CarcinoidSyndrome,
    DiseaseExtent,
    Histology,
    ImagingResult,
    Level,
    OptionCode,
    Progression,
    Severity,
    TumourBurden,
)
from .context import RuleContext
from .facts import CaseFacts
from .model import Finding, RuleBook, alert, annotate, support
from .text import OUT_OF_REFERENTIEL, Item, eq, french_number, history_because, need

TREATMENT_RULES = RuleBook()
METASTATIC = (DiseaseExtent.METASTATIC,)
CPC_EXTENTS = (DiseaseExtent.METASTATIC, DiseaseExtent.LOCALLY_ADVANCED_INOPERABLE)
_SLOPE_HINT = "pente à évaluer sur deux imageries en coupe successives"

SSA_HIGH_DOSE = ("Doses élevées : lanréotide LP 120 mg SC/28 j ou octréotide LP 30 mg IM/28 j.",)
CHEMO_COMMON = (
    "Association aux ASM faisable, synergie non démontrée.",
    "Réponses objectives de 10 à 30 %, SSP de 5 à 15 mois selon les protocoles.",
)
PRRT_PROTOCOL = (
    "Habituellement 4 cures de 177Lu-DOTATATE à 2 mois d'intervalle, selon les risques "
    "médullaires et néphrotoxiques.",
    "Prémédication antiémétique (sétrons, éventuellement corticoïde) et hydratation ; solution "
    "néphroprotectrice d'acides aminés encadrant chaque administration.",
    "Hôpital de jour ou courte hospitalisation ; radioprotection : limiter le contact avec les "
    "femmes enceintes et les enfants les premiers jours, bien se laver les mains après avoir "
    "uriné.",
    "ASM arrêtés dans les 6 semaines précédant le traitement, puis espacés (habituellement "
    "toutes les 8 semaines).",
    "Toxicité : troubles hématologiques à la NFP après 3-4 semaines ; syndromes "
    "myéloprolifératifs ou leucémies tardifs dans environ 2 % des cas.",
    "Livret patients (effets secondaires, centres) disponible sur le site du réseau GTE.",
)


# --- shared checks ------------------------------------------------------------------------


def _slope(
    f: CaseFacts, allowed: Collection[Progression], requirement: str
) -> tuple[list[Item], list[Item], tuple[str, ...]]:
    """(because, unmet, also_rules) for a condition on the progression slope (P6 if unknown)."""
    wanted = tuple(allowed)
    if not progression_known(f):
        item = need("progression", wanted, f.progression, f"{requirement} ; {_SLOPE_HINT}")
        return [], [item], ("P6",)
    if f.progression in allowed:
        return [eq("progression", f.progression)], [], ()
    return [], [need("progression", wanted, f.progression, requirement)], ()


def _unknown_slope(f: CaseFacts) -> tuple[str, tuple[str, ...]]:
    """(hint for the progression unmet item, also_rules): P6 applies while the slope is unknown."""
    if progression_known(f):
        return "", ()
    return f" ; {_SLOPE_HINT}", ("P6",)


def _failing(
    f: CaseFacts, treatments: Collection[OptionCode], intolerance: bool = False
) -> list[Item]:
    """`because` items for the prior lines of `treatments` that failed (clinical.failed_lines)."""
    return [
        history_because("prior_treatments", p) for p in failed_lines(f, treatments, intolerance)
    ]


def _low_proliferation_because(c: RuleContext) -> list[Item]:
    value = c.f.ki67_percent
    if not c.settings.is_low_proliferation(value):
        return []
    limit = french_number(c.settings.low_proliferation_ki67_max)
    item = eq("ki67_percent", value)
    # Value, threshold and where the threshold comes from, wherever low proliferation is used.
    text = (
        f"{item.text} % : faible index de prolifération (seuil retenu : Ki-67 < {limit} % ; "
        f"{c.settings.low_proliferation_source})"
    )
    return [item._replace(required=c.settings.low_proliferation_ki67_max, text=text)]


def _proliferation_alert(c: RuleContext) -> list[Finding]:
    if c.f.ki67_percent is not None:
        return []
    limit = french_number(c.settings.low_proliferation_ki67_max)
    return [
        alert(
            AlertCode.PROLIFERATION_INDEX_UNKNOWN,
            Severity.INFO,
            "Ki-67 non renseigné : le « faible index de prolifération » (seuil retenu "
            f"Ki-67 < {limit} %) ne peut pas être apprécié.",
        )
    ]


def _non_resectable(f: CaseFacts) -> tuple[list[Item], list[Item]]:
    """(because, unmet) for "non accessible à un geste d'exérèse chirurgicale"."""
    sites = [
        ("primary_resectable", f.primary_resectable, False),
        (
            "other_lesions_outside_liver_and_primary",
            f.other_lesions_outside_liver_and_primary,
            True,
        ),
    ]
    if liver_involved(f) is not False:
        sites.insert(0, ("liver_resectable", f.liver_resectable, False))
    if not_resectable(f) is True:
        return [eq(n, v) for n, v, obstacle in sites if v is obstacle], []
    return [], [
        need(
            n,
            obstacle,
            v,
            "un site non résécable requis pour une maladie non accessible à l'exérèse (un seul "
            "suffit)",
            "non_resectable",
        )
        for n, v, obstacle in sites
    ]


# --- rules --------------------------------------------------------------------------------


@TREATMENT_RULES.rule(
    id="T1",
    section="synthèse — prise en charge 1",
    source="synthèse, point 1 ; §5 intro",
    title="Faible masse tumorale, non résécable, asymptomatique, peu évolutive : "
    "surveillance attentive (ou ASM)",
    excerpt="En cas de tumeur carcinoïde métastatique, à faible masse tumorale, non "
    "accessible à un geste d'exérèse chirurgicale, non symptomatique et peu évolutive, une "
    "surveillance attentive pourra être proposée, même au stade de métastases diffuses. "
    "L’alternative sera l’utilisation des ASM, même en l’absence de syndrome sécrétoire, "
    "préférentiellement en cas de tumeur à faible index de prolifération.",
    reads=(
        "tumour_burden",
        "liver_resectable",
        "primary_resectable",
        "other_lesions_outside_liver_and_primary",
        "liver_predominant",
        "metastatic_sites",
        "symptomatic",
        "progression",
        "ki67_percent",
    ),
    settings=METASTATIC,
    outcome="Surveillance attentive (option) et, en alternative, ASM (option) quand les "
    "quatre conditions sont réunies ; Ki-67 signalé s'il manque.",
    options=(OptionCode.WATCHFUL_WAITING, OptionCode.SSA_ANTITUMOUR),
    alerts=(AlertCode.PROLIFERATION_INDEX_UNKNOWN,),
    interpretation="« Peu évolutive » = pente stable ou lente. « Non accessible à un geste "
    "d'exérèse » : au moins un site non résécable. Le faible index de prolifération "
    "(réglage, Ki-67 < 10 %) est une préférence, pas une condition.",
)
def t1_watchful_waiting(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    because, unmet = [], []
    if f.tumour_burden is TumourBurden.LOW:
        because.append(eq("tumour_burden", f.tumour_burden))
    else:
        unmet.append(
            need(
                "tumour_burden", TumourBurden.LOW, f.tumour_burden, "faible masse tumorale requise"
            )
        )
    nr_because, nr_unmet = _non_resectable(f)
    because += nr_because
    unmet += nr_unmet
    if f.symptomatic is False:
        because.append(eq("symptomatic", False))
    else:
        unmet.append(need("symptomatic", False, f.symptomatic, "maladie non symptomatique requise"))
    slope_because, slope_unmet, also = _slope(
        f, (Progression.STABLE, Progression.SLOW), "pente stable ou lente requise (peu évolutive)"
    )
    because += slope_because
    unmet += slope_unmet
    return (
        support(
            OptionCode.WATCHFUL_WAITING,
            Level.OPTION,
            unmet,
            because,
            (
                "Surveillance attentive, même au stade de métastases diffuses ; longues périodes "
                "de stabilité spontanée possibles.",
            ),
            also,
        ),
        support(
            OptionCode.SSA_ANTITUMOUR,
            Level.OPTION,
            unmet,
            because + _low_proliferation_because(c),
            (
                "Alternative à la surveillance, même sans syndrome sécrétoire, préférentiellement "
                "si faible index de prolifération.",
                *SSA_HIGH_DOSE,
            ),
            also,
        ),
        *_proliferation_alert(c),
    )


@TREATMENT_RULES.rule(
    id="T2",
    section="5.2",
    source="§5.2 recommandations ; fin du §5.3.1",
    title="ASM à doses élevées en première ligne (hors AMM, après validation en RCP RENATEN)",
    excerpt="Après validation en RCP RENATEN, les analogues de somatostatine à doses élevées, "
    "type LANREOTIDE LP 120mg SC/28j ou OCTREOTIDE LP 30mg IM/28j, seront "
    "préférentiellement proposés en première ligne en cas de tumeurs carcinoïdes "
    "métastatiques lentement progressives, et/ou positives aux récepteurs de somatostatine "
    "surtout en cas de faible index de prolifération, malgré l'absence d'AMM disponible. "
    "[…] En raison de leur meilleure tolérance, on proposera donc préférentiellement les ASM "
    "en première ligne de traitement des carcinoïdes typiques et des carcinoïdes lentement "
    "progressif avec récepteurs positifs à la somatostatine.",
    reads=(
        "progression",
        "sstr_imaging",
        "histology",
        "ki67_percent",
        "tumour_burden",
        "symptomatic",
        "liver_resectable",
        "primary_resectable",
        "other_lesions_outside_liver_and_primary",
        "liver_predominant",
        "metastatic_sites",
    ),
    settings=METASTATIC,
    outcome="ASM antitumoraux recommandés (hors AMM, validation RCP RENATEN) si pente lente, "
    "IRS positive ou CT, hors pente clairement progressive ou rapide ; en maladie peu "
    "évolutive (T1) ils restent l'alternative (option) à la surveillance attentive.",
    options=(OptionCode.SSA_ANTITUMOUR,),
    alerts=(AlertCode.PROLIFERATION_INDEX_UNKNOWN,),
    interpretation="Pente clairement progressive ou rapide : la synthèse (point 2) place "
    "l'évérolimus ou la chimiothérapie en première intention, les ASM ne sont alors pas "
    "retenus. Une progression tumorale sous ASM (y compris ASM donnés pour le syndrome) est "
    "un échec des ASM ; un échappement du syndrome seul n'en est pas un. Situation de la "
    "synthèse point 1 : surveillance d'abord, ASM en alternative (option).",
)
def t2_ssa_antitumour(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    # Judgement: with a rapid slope the summary (point 2) puts everolimus or chemotherapy first,
    # so the §5.2 "et/ou SSTR-positive" reading is limited to stable or slow slopes.
    because, unmet, also = _slope(
        f,
        (Progression.STABLE, Progression.SLOW),
        "pente stable ou lente requise (maladie clairement progressive : évérolimus ou "
        "chimiothérapie en première intention)",
    )
    if not unmet:
        first_line, unmet = _ssa_first_line(f)
        because += first_line
    # Summary point 1: in indolent disease surveillance comes first and "l'alternative sera
    # l'utilisation des ASM": SSA are then an option beside it, not the recommendation.
    level = Level.OPTION if indolent(f) else Level.RECOMMENDED
    notes = (
        *SSA_HIGH_DOSE,
        "Effet essentiellement tumorostatique ; plus efficaces en cas de "
        "maladie lentement évolutive et de faible masse tumorale.",
    )
    return (
        support(
            OptionCode.SSA_ANTITUMOUR,
            level,
            unmet,
            because + _low_proliferation_because(c),
            notes,
            also,
        ),
        *_proliferation_alert(c),
    )


def _ssa_first_line(f: CaseFacts) -> tuple[list[Item], list[Item]]:
    # §5.2: slowly progressive and/or SSTR-positive; §5.3.1: typical carcinoids, or slowly
    # progressive SSTR-positive ones. Any one of the three suffices.
    facts = (
        ("progression", f.progression, Progression.SLOW, "pente lente"),
        (
            "sstr_imaging",
            f.sstr_imaging,
            ImagingResult.POSITIVE,
            "imagerie des récepteurs positive",
        ),
        ("histology", f.histology, Histology.TYPICAL, "carcinoïde typique"),
    )
    met = [eq(n, v) for n, v, wanted, _ in facts if v is wanted]
    if met:
        return met, []
    return [], [
        need(
            n,
            wanted,
            v,
            f"{words} requis (ou l'une des autres conditions : pente lente, imagerie des "
            "récepteurs positive, carcinoïde typique)",
            "ssa_first_line",
        )
        for n, v, wanted, words in facts
    ]


@TREATMENT_RULES.rule(
    id="T3",
    section="5.3.1",
    source="§5.3 recommandations ; synthèse, point 2",
    title="Évérolimus : seule AMM ; première intention si clairement progressive et/ou très "
    "disséminée",
    excerpt="L’évérolimus (AFINITOR®) est actuellement la seule thérapeutique qui dispose "
    "d’une AMM dans les TNE pulmonaires métastatiques. Son bénéfice est particulièrement "
    "démontré dans les tumeurs carcinoïdes non fonctionnelles métastatiques. […] En cas de "
    "maladie clairement progressive et/ou très largement disséminée seront discutés en "
    "première intention : une thérapeutique ciblée par éverolimus ou une chimiothérapie en "
    "cas de pente évolutive rapide à base d’oxaliplatine (Gemox, Folfox) ou de "
    "temozolomide.",
    reads=("progression", "widely_disseminated"),
    settings=METASTATIC,
    outcome="Évérolimus recommandé si maladie clairement progressive (pente « clairement "
    "progressive » ou rapide) ou très largement disséminée ; option si pente lente.",
    options=(OptionCode.EVEROLIMUS,),
    interpretation="« Clairement progressive » est une valeur de la pente distincte de "
    "« rapide » (2.0.0) ; une pente rapide est a fortiori clairement progressive. Pente "
    "lente : option (seul traitement avec AMM), les ASM restant préférés en première ligne. "
    "« Et/ou très largement disséminée » : la dissémination seule suffit, comme le dit le "
    "texte.",
)
def t3_everolimus(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    notes = [
        "Seule thérapeutique avec AMM dans les TNE pulmonaires métastatiques ; bénéfice "
        "particulièrement démontré dans les tumeurs non fonctionnelles."
    ]
    # Summary point 2: "maladie clairement progressive et/ou très largement disséminée" (a
    # rapid slope is clearly progressive too).
    clear = [
        eq(n, v)
        for n, v in (("progression", f.progression), ("widely_disseminated", f.widely_disseminated))
        if v is Progression.RAPID or v is Progression.CLEAR or v is True
    ]
    if clear:
        return (support(OptionCode.EVEROLIMUS, Level.RECOMMENDED, (), clear, notes),)
    if f.progression is Progression.SLOW:
        # Judgement: an AMM treatment for a progressive disease, but §5.3.1 prefers SSA first
        # for slowly progressive disease (better tolerance): shown as an option, not first.
        notes.append(
            "Maladie lentement progressive : ASM préférés en première ligne (meilleure tolérance)."
        )
        return (
            support(
                OptionCode.EVEROLIMUS, Level.OPTION, (), (eq("progression", f.progression),), notes
            ),
        )
    hint, also = _unknown_slope(f)
    unmet = (
        need(
            "progression",
            (Progression.SLOW, Progression.CLEAR, Progression.RAPID),
            f.progression,
            f"maladie progressive requise, ou maladie très largement disséminée{hint}",
            "everolimus",
        ),
        need(
            "widely_disseminated",
            True,
            f.widely_disseminated,
            "maladie très largement disséminée requise, ou maladie progressive",
            "everolimus",
        ),
    )
    return (support(OptionCode.EVEROLIMUS, Level.RECOMMENDED, unmet, (), notes, also),)


@TREATMENT_RULES.rule(
    id="T4",
    section="5.3.2",
    source="§5.3.2",
    title="Antiangiogéniques : pas d'AMM, au cas par cas ; sunitinib non recommandé ; "
    "surufatinib non disponible",
    excerpt="Il n’y a actuellement pas d’AMM pour les anti-angiogéniques dans les tumeurs "
    "carcinoïdes métastatiques. Néanmoins, au cas par cas, un traitement de ce type peut être "
    "proposé en RCP RENATEN. […] Nous ne disposons pas de données sur l’activité anti- "
    "tumorale du sunitinib dans les TNE intestinales ni pulmonaires et son utilisation n’est "
    "donc pas recommandée dans ces deux dernières indications. […] Le surufatinib n’est pas "
    "disponible en France.",
    reads=("progression",),
    settings=METASTATIC,
    outcome="Antiangiogénique à discuter au cas par cas en maladie progressive ; sunitinib "
    "non recommandé ; surufatinib non proposé (non disponible en France).",
    options=(OptionCode.ANTIANGIOGENIC, OptionCode.SUNITINIB, OptionCode.SURUFATINIB),
    interpretation="Le §5.3.2 ne pose pas de condition clinique à l'antiangiogénique ; la "
    "synthèse (points 1 et 2) réserve les traitements systémiques au-delà des ASM à la "
    "maladie progressive : la discussion au cas par cas n'est proposée qu'en maladie "
    "progressive (lecture du moteur, 2.0.0).",
)
def t4_antiangiogenics(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    # Class 5 (2.0.0): §5.3.2 sets no clinical condition; the summary (points 1-2) keeps systemic
    # treatments beyond SSA for progressive disease, so the "au cas par cas" discussion is
    # offered there only (engine's reading, stated in the rule's interpretation).
    if f.progression in PROGRESSING:
        because, unmet, also = [eq("progression", f.progression)], [], ()
    else:
        hint, also = _unknown_slope(f)
        because, unmet = (
            [],
            [
                need(
                    "progression",
                    tuple(sorted(PROGRESSING)),
                    f.progression,
                    f"maladie progressive requise{hint}",
                )
            ],
        )
    metastatic = eq("disease_extent", DiseaseExtent.METASTATIC)
    return (
        support(
            OptionCode.ANTIANGIOGENIC,
            Level.DISCUSS,
            unmet,
            (metastatic, *because),
            (
                "Au cas par cas en RCP RENATEN (données : axitinib + octréotide, AXINET ; "
                "surufatinib, SANET-ep).",
            ),
            also,
        ),
        support(
            OptionCode.SUNITINIB,
            Level.NOT_RECOMMENDED,
            (),
            (metastatic,),
            (
                "Pas de données d'activité antitumorale dans les TNE pulmonaires : utilisation "
                "non recommandée.",
            ),
        ),
        # "Le surufatinib n'est pas disponible en France": the text proposes it nowhere and
        # does not recommend against it (2.0.0: level "not_proposed", was "not_recommended").
        support(
            OptionCode.SURUFATINIB,
            Level.NOT_PROPOSED,
            (),
            (metastatic,),
            ("Non disponible en France (SANET-ep, population asiatique).",),
        ),
    )


@TREATMENT_RULES.rule(
    id="T5",
    section="5.4",
    source="§5.4 recommandations",
    title="Chimiothérapie : formes rapidement évolutives ou après échec des ASM ou de l'évérolimus",
    excerpt="La chimiothérapie est à discuter en RCP RENATEN en cas de formes rapidement "
    "évolutives ou après échecs des ASM ou d'inhibiteurs de mTOR. […] Les protocoles proposés "
    "sont à base de Temozolomide (associé à la Capécitabine (CAPTEM) qui ont l'avantage "
    "d'être oraux), ou l’équivalent IV (Dacarbazine +/- 5FU), ou à base d'oxaliplatine type "
    "Gemcitabine-Oxaliplatine (GEMOX) ou 5Fluorouracile-Oxaliplatine (FOLFOX). […] surtout "
    "avec l'oxaliplatine (8 cycles maximum)",
    reads=("progression", "prior_treatments", "mgmt_status"),
    settings=METASTATIC,
    outcome="Chimiothérapie (témozolomide ou oxaliplatine) à discuter si pente rapide ou "
    "échec des ASM / de l'évérolimus ; alerte 8 cycles maximum pour l'oxaliplatine.",
    options=(OptionCode.CHEMO_TEMOZOLOMIDE, OptionCode.CHEMO_OXALIPLATIN),
    alerts=(AlertCode.OXALIPLATIN_MAX_8_CYCLES,),
    interpretation="« Échec » = progression tumorale sous le traitement (ligne terminée en "
    "progression, ou en cours avec une maladie progressive) ; une intolérance n'est pas un "
    "échec d'efficacité, un échappement du syndrome non plus. Après échec, la maladie doit "
    "être progressive au moment de la décision : une maladie stable n'appelle pas de "
    "nouvelle ligne (2.0.0). « Clairement évolutive » n'est pas « rapidement évolutive ».",
)
def t5_chemotherapy(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    failures = _failing(f, SSA_CODES) + _failing(f, (OptionCode.EVEROLIMUS,))
    because: list[Item] = []
    unmet: list[Item] = []
    also: tuple[str, ...] = ()
    if f.progression is Progression.RAPID:
        because = [eq("progression", f.progression), *failures]
    elif failures and f.progression in PROGRESSING:
        # Class 2 (2.0.0): "après échecs des ASM ou d'inhibiteurs de mTOR" is a failure of an
        # antitumour treatment: the disease progresses (now) after or under it. A stable disease
        # needs no new line; a syndrome escape (outcome syndrome_escape) is no tumour failure.
        because = [eq("progression", f.progression), *failures]
    else:
        hint, also = _unknown_slope(f)
        if f.progression not in PROGRESSING:
            # Stable (or unknown) slope: neither "rapidement évolutive" nor a progression after
            # failure; a stable slope is a known fact that excludes, an unknown one waits.
            unmet.append(
                need(
                    "progression",
                    tuple(sorted(PROGRESSING)),
                    f.progression,
                    "forme rapidement évolutive, ou maladie progressive après échec des ASM ou "
                    f"de l'évérolimus, requise{hint}",
                )
            )
        if not failures:
            unmet.append(
                need(
                    "prior_treatments",
                    None,
                    f.prior_treatments,
                    "échec (progression) des ASM ou de l'évérolimus requis, à défaut de forme "
                    "rapidement évolutive",
                )
            )
    # §5.4 reports an efficacy of temozolomide "qui serait corrélée" to MGMT without making it a
    # condition: the patient's status is shown with the option, never used to decide.
    mgmt = [eq("mgmt_status", f.mgmt_status)] if f.mgmt_status is not None else []
    return (
        support(
            OptionCode.CHEMO_TEMOZOLOMIDE,
            Level.DISCUSS,
            unmet,
            because + mgmt,
            (
                "Témozolomide associé à la capécitabine (CAPTEM, voie orale) ou équivalent IV : "
                "dacarbazine ± 5FU.",
                "Efficacité qui serait corrélée à l'activité de la MGMT (le texte n'en fait pas "
                "une condition).",
                *CHEMO_COMMON,
            ),
            also,
        ),
        support(
            OptionCode.CHEMO_OXALIPLATIN,
            Level.DISCUSS,
            unmet,
            because,
            (
                "GEMOX (gemcitabine-oxaliplatine) ou FOLFOX (5-fluorouracile-oxaliplatine) ; "
                "préférentiellement proposées en cas de tumeurs clairement évolutives.",
                "Durées courtes : oxaliplatine 8 cycles maximum.",
                *CHEMO_COMMON,
            ),
            also,
        ),
    )


@TREATMENT_RULES.after("T5")
def t5_after(c: RuleContext) -> Sequence[Finding]:
    if c.eligible(OptionCode.CHEMO_OXALIPLATIN):
        return (
            alert(
                AlertCode.OXALIPLATIN_MAX_8_CYCLES,
                Severity.INFO,
                "Chimiothérapie à base d'oxaliplatine : durées courtes, 8 cycles maximum, "
                "afin d'éviter les effets indésirables.",
            ),
        )
    return ()


@TREATMENT_RULES.rule(
    id="T6",
    section="5.4",
    source="§5.4",
    title="Cisplatine-étoposide à ne pas utiliser ; streptozotocine sans données",
    excerpt="Du fait de son inefficacité (8% de réponse objective dans la série française "
    "(105) et de sa toxicité, l’association cisplatine-etoposide ne doit pas être utilisée "
    "dans les carcinoïdes bronchiques métastatiques. […] En revanche, il n’y a pas de données "
    "convaincantes pour supporter la STZ dans les carcinoïdes pulmonaires.",
    reads=(),
    settings=METASTATIC,
    outcome="Cisplatine-étoposide contre-indiqué, streptozotocine non proposée par le texte ; "
    "jamais retenus.",
    options=(OptionCode.CISPLATIN_ETOPOSIDE, OptionCode.STREPTOZOTOCIN),
)
def t6_not_to_use(c: RuleContext) -> Sequence[Finding]:
    metastatic = eq("disease_extent", DiseaseExtent.METASTATIC)
    return (
        support(
            OptionCode.CISPLATIN_ETOPOSIDE,
            Level.CONTRAINDICATED,
            (),
            (metastatic,),
            ("Inefficace (8 % de réponse objective) et toxique : ne doit pas être utilisée.",),
        ),
        # "il n'y a pas de données convaincantes pour supporter la STZ": not proposed (2.0.0).
        support(
            OptionCode.STREPTOZOTOCIN,
            Level.NOT_PROPOSED,
            (),
            (metastatic,),
            (
                "Pas de données convaincantes dans les carcinoïdes pulmonaires (AMM limitée aux "
                "TNE pancréatiques).",
            ),
        ),
    )


@TREATMENT_RULES.rule(
    id="T7",
    section="5.5",
    source="§5.5 recommandations et indication CPC",
    title="RIV par Lutathera® : cadre de prescription compassionnelle (CPC)",
    excerpt="Une radiothérapie interne vectorisée par Luthatera® est à discuter en RCP "
    "RENATEN pour des CT ou CA métastatiques présentant une activité métabolique à l’IRS "
    "(68DOTA-TOC idéalement) après échec ou contre- indication à l’Everolimus. L’accès à "
    "cette thérapeutique (en dehors de l’AMM française) se fait selon le cadre de "
    "prescription compassionnelle (CPC) déclenchée par l’ANSM en mars 2022, et nécessite une "
    "information du patient. […] Son indication concerne : « Carcinoïde bronchique, "
    "métastatique ou localement avancée inopérable, progressif ou de forme sécrétante non "
    "contrôlée et exprimant les récepteurs de la somatostatine sur l’imagerie TEP des "
    "récepteurs de la somatostatine, en relation avec les résultats de la TEP au FDG et "
    "après échec ou contre-indication d’un traitement par évérolimus et sur proposition de "
    "la RCP nationale RENATEN »",
    reads=(
        "progression",
        "carcinoid_syndrome",
        "carcinoid_crisis",
        "sstr_imaging",
        "fdg_pet",
        "fdg_sstr_discordant",
        "prior_treatments",
        "contraindications",
        "planned_procedures",
    ),
    settings=CPC_EXTENTS,
    outcome="RIV à discuter si métastatique ou localement avancée inopérable, progressive "
    "ou sécrétante non contrôlée, IRS positive, TEP FDG réalisée, après échec ou "
    "contre-indication de l'évérolimus ; alerte information du patient. Localement avancée "
    "inopérable : tout le reste est hors référentiel.",
    options=(OptionCode.PRRT_LUTATHERA,),
    alerts=(AlertCode.CPC_PATIENT_INFORMATION, AlertCode.OUT_OF_REFERENTIEL),
    interpretation="La TEP au FDG doit avoir été réalisée (« en relation avec les "
    "résultats ») ; une intolérance à l'évérolimus vaut contre-indication ; un évérolimus "
    "en cours avec progression est un échec.",
)
def t7_prrt(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    because = [eq("disease_extent", f.disease_extent)]
    unmet: list[Item] = []
    also = _prrt_activity(f, because, unmet)
    if f.sstr_imaging is ImagingResult.POSITIVE:
        because.append(eq("sstr_imaging", f.sstr_imaging))
    else:
        unmet.append(
            need(
                "sstr_imaging",
                ImagingResult.POSITIVE,
                f.sstr_imaging,
                "récepteurs exprimés en TEP des récepteurs de la somatostatine requis",
            )
        )
    # Judgement: the CPC indication is read "en relation avec les résultats de la TEP au FDG",
    # so the FDG PET must have been done; its result is for the RCP to weigh, not the engine.
    if f.fdg_pet in (ImagingResult.POSITIVE, ImagingResult.NEGATIVE):
        because.append(eq("fdg_pet", f.fdg_pet))
    else:
        unmet.append(
            need(
                "fdg_pet",
                (ImagingResult.POSITIVE, ImagingResult.NEGATIVE),
                f.fdg_pet,
                "TEP au FDG requise (indication à interpréter en relation avec ses résultats)",
            )
        )
    _prrt_everolimus(f, because, unmet)
    notes = (
        "À interpréter en relation avec les résultats de la TEP au FDG.",
        "IRS : TEP 68Ga-DOTATOC idéalement.",
        "Essai de phase II RIV vs évérolimus (NCT04665739) ; étude similaire annoncée en France.",
    )
    if f.fdg_sstr_discordant is True:
        because.append(eq("fdg_sstr_discordant", True))
    out: list[Finding] = [
        support(OptionCode.PRRT_LUTATHERA, Level.DISCUSS, unmet, because, notes, also)
    ]
    if f.fdg_sstr_discordant is True:
        # The CPC asks to read the indication "en relation avec les résultats de la TEP au FDG"
        # and says no more: lesions that take up FDG without SSTR are for the board to weigh.
        out.append(
            alert(
                AlertCode.OUT_OF_REFERENTIEL,
                Severity.WARNING,
                "Lésions fixant le FDG sans récepteurs de la somatostatine : la RIV ne les cible "
                "pas ; l'indication CPC est à apprécier « en relation avec les résultats de la "
                f"TEP au FDG », sans conduite fixée par le texte : {OUT_OF_REFERENTIEL}.",
            )
        )
    if f.disease_extent is DiseaseExtent.LOCALLY_ADVANCED_INOPERABLE:
        out.append(
            alert(
                AlertCode.OUT_OF_REFERENTIEL,
                Severity.WARNING,
                "Maladie localement avancée inopérable : le texte n'en traite que par "
                "l'indication CPC du Lutathera® (§5.5) ; toute autre décision est "
                f"{OUT_OF_REFERENTIEL}.",
            )
        )
    return out


def _prrt_activity(f: CaseFacts, because: list[Item], unmet: list[Item]) -> tuple[str, ...]:
    """CPC: "progressif ou de forme sécrétante non contrôlée"."""
    if f.progression in PROGRESSING:
        because.append(eq("progression", f.progression))
        return ()
    if syndrome_uncontrolled(f) is True:
        because += syndrome_because(f)
        return ()
    hint, also = _unknown_slope(f)
    unmet.append(
        need(
            "progression",
            tuple(sorted(PROGRESSING)),
            f.progression,
            f"maladie progressive requise, ou forme sécrétante non contrôlée{hint}",
            "prrt_activity",
        )
    )
    unmet.append(
        need(
            "carcinoid_syndrome",
            (CarcinoidSyndrome.UNCONTROLLED, CarcinoidSyndrome.REFRACTORY),
            f.carcinoid_syndrome,
            "forme sécrétante non contrôlée requise, ou maladie progressive",
            "prrt_activity",
        )
    )
    return also


def _prrt_everolimus(f: CaseFacts, because: list[Item], unmet: list[Item]) -> None:
    """CPC: "après échec ou contre-indication d'un traitement par évérolimus".

    Judgement: an intolerance to everolimus counts as a contraindication to it.
    """
    reasons = _failing(f, (OptionCode.EVEROLIMUS,), intolerance=True)
    if OptionCode.EVEROLIMUS in (f.contraindications or ()):
        reasons.append(eq("contraindications", OptionCode.EVEROLIMUS))
    if reasons:
        because += reasons
        return
    unmet.append(
        need(
            "prior_treatments",
            None,
            f.prior_treatments,
            "échec (progression) ou intolérance de l'évérolimus requis, ou contre-indication à "
            "l'évérolimus",
            "prrt_everolimus",
        )
    )
    unmet.append(
        need(
            "contraindications",
            (OptionCode.EVEROLIMUS,),
            f.contraindications,
            "contre-indication à l'évérolimus requise, à défaut d'échec de l'évérolimus",
            "prrt_everolimus",
        )
    )


@TREATMENT_RULES.after("T7")
def t7_after(c: RuleContext) -> Sequence[Finding]:
    if prrt_retained_or_planned(c):
        return (
            alert(
                AlertCode.CPC_PATIENT_INFORMATION,
                Severity.WARNING,
                "RIV par Lutathera® dans le cadre de prescription compassionnelle (ANSM, "
                "mars 2022) : information du patient requise, sur proposition de la RCP "
                "nationale RENATEN.",
            ),
        )
    return ()


@TREATMENT_RULES.rule(
    id="T8",
    section="5.5",
    source="§5.5",
    title="RIV : modalités pratiques, arrêt des ASM",
    excerpt="Les patients éligibles reçoivent habituellement 4 cures de 177Lu-DOTATATE "
    "réalisée à 2 mois d’intervalle selon les risques médullaires et néphrotoxiques, avec une "
    "prémédication antiémétique (sétrons et éventuellement corticoïde) et une hydratation. Une "
    "solution néphroprotectrice à base d’acides aminés encadre chaque administration. […] Les "
    "analogues de somatostatine devront être arrêtés dans les 6 semaines qui précèdent le "
    "traitement et sont ensuite espacés (habituellement toutes les 8 semaines). […] des "
    "syndromes myéloprolifératifs ou leucémies ont été observé après plusieurs années dans "
    "environ 2 % des cas(183).",
    reads=("planned_procedures",),
    settings=CPC_EXTENTS,
    outcome="Notes pratiques de la RIV ; alerte d'arrêt des ASM si RIV retenue ou prévue.",
    options=(OptionCode.PRRT_LUTATHERA,),
    alerts=(AlertCode.STOP_SSA_BEFORE_PRRT,),
)
def t8_prrt_practice(c: RuleContext) -> Sequence[Finding]:
    return (annotate(OptionCode.PRRT_LUTATHERA, (), PRRT_PROTOCOL),)


@TREATMENT_RULES.after("T8")
def t8_after(c: RuleContext) -> Sequence[Finding]:
    if prrt_retained_or_planned(c):
        return (
            alert(
                AlertCode.STOP_SSA_BEFORE_PRRT,
                Severity.WARNING,
                "ASM à arrêter dans les 6 semaines précédant la RIV, puis à espacer "
                "(habituellement toutes les 8 semaines).",
            ),
        )
    return ()


_NOT_AN_ARM = SSA_CODES | {OptionCode.INTERFERON_ALPHA, OptionCode.WATCHFUL_WAITING}


@TREATMENT_RULES.rule(
    id="T9",
    section="5.6",
    source="§5.6 recommandations ; synthèse, point 2",
    title="Interféron alpha : syndrome non contrôlé, après échec des autres armes",
    excerpt="La place de l’interféron alpha dans la prise en charge des TNE bronchiques "
    "métastatiques est actuellement réservée aux syndromes carcinoïdes cliniques non "
    "contrôlés et après échec des autres armes thérapeutiques. […] L’interféron pourra être "
    "proposé en cas d’échec des autres alternatives thérapeutiques et notamment en cas de "
    "syndrome carcinoïde réfractaire.",
    reads=("carcinoid_syndrome", "carcinoid_crisis", "prior_treatments", "progression"),
    settings=METASTATIC,
    outcome="Interféron en dernier recours : syndrome réfractaire aux ASM et échec d'au "
    "moins une autre arme thérapeutique.",
    options=(OptionCode.INTERFERON_ALPHA,),
    interpretation="« Après échec des autres armes » : au moins une autre ligne (hors ASM) "
    "terminée en progression ; le syndrome doit être réfractaire aux ASM.",
)
def t9_interferon(c: RuleContext) -> Sequence[Finding]:
    f = c.f
    because: list[Item] = []
    unmet: list[Item] = []
    if syndrome_refractory(f) is True:
        because += refractory_because(f)
    else:
        unmet.append(
            need(
                "carcinoid_syndrome",
                CarcinoidSyndrome.REFRACTORY,
                f.carcinoid_syndrome,
                "syndrome carcinoïde clinique non contrôlé, réfractaire aux ASM, requis",
            )
        )
    # Judgement: "après échec des autres armes thérapeutiques" is read as at least one other
    # therapeutic line (besides SSA, whose failure is the refractory syndrome) that failed.
    others = _failing(
        f, [p.treatment for p in f.prior_treatments or () if p.treatment not in _NOT_AN_ARM]
    )
    if others:
        because += others
    else:
        unmet.append(
            need(
                "prior_treatments",
                None,
                f.prior_treatments,
                "échec d'au moins une autre arme thérapeutique (hors ASM) requis",
            )
        )
    notes = (
        "Introna® : débuter à 1,5 million d'unités 3 fois par semaine, augmenter jusqu'à 3 "
        "voire 5 millions d'unités 3 fois par semaine selon la tolérance hématologique et "
        "hépatique.",
        "Impact surtout biologique ; réponse tumorale marginale (10 à 20 %).",
    )
    return (support(OptionCode.INTERFERON_ALPHA, Level.LAST_RESORT, unmet, because, notes),)


@TREATMENT_RULES.rule(
    id="T10",
    section="5.7",
    source="§5.7 recommandations",
    title="Inhibiteurs de points de contrôle : aucune AMM",
    excerpt="Il n'y a aucune AMM d'inhibiteur de checkpoint immunitaire de disponible à "
    "l'heure actuelle dans les NNE.",
    reads=("pd_l1_percent",),
    settings=METASTATIC,
    outcome="Inhibiteur de points de contrôle non proposé par le texte hors essai ; "
    "l'expression de PD-L1 est affichée avec l'option (donnée d'essai du §5.7).",
    options=(OptionCode.IMMUNE_CHECKPOINT_INHIBITOR,),
    interpretation="Aucune AMM et aucune indication dans le texte, qui ne le déconseille pas "
    "non plus : « non proposé par le texte » hors essai thérapeutique (prérequis 2).",
)
def t10_checkpoint(c: RuleContext) -> Sequence[Finding]:
    # "Il n'y a aucune AMM d'inhibiteur de checkpoint immunitaire": no AMM and no indication in
    # the text, which does not recommend against it either: not proposed outside a trial (2.0.0).
    because = [eq("disease_extent", DiseaseExtent.METASTATIC)]
    if c.f.pd_l1_percent is not None:
        # §5.7: "Le taux de réponse semblait plus important en cas d'expression de PDL1>1%" — a
        # trial datum shown with the option; it does not change its level (no AMM).
        because.append(eq("pd_l1_percent", c.f.pd_l1_percent))
    return (
        support(
            OptionCode.IMMUNE_CHECKPOINT_INHIBITOR,
            Level.NOT_PROPOSED,
            (),
            because,
            (
                "Aucune AMM dans les néoplasies neuroendocrines : uniquement dans le cadre "
                "d'un essai thérapeutique.",
                "Réponses rapportées surtout en cas d'expression de PD-L1 > 1 %.",
            ),
        ),
    )
