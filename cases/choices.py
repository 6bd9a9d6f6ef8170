"""Model and form choices for the values of the guideline contract (CONTRACT.md).

Built from the engine's enums with the labels of the one vocabulary (guidelines/vocabulary.py):
the codes and the French words are written nowhere else.
"""

from guidelines import engine
from guidelines.vocabulary import text_choices

Histology = text_choices("Histology", engine.Histology)
HistologySource = text_choices("HistologySource", engine.HistologySource)
DiseaseExtent = text_choices("DiseaseExtent", engine.DiseaseExtent)
SurgeryType = text_choices("SurgeryType", engine.SurgeryType)
ResectionStatus = text_choices("ResectionStatus", engine.ResectionStatus)
NodalStatus = text_choices("NodalStatus", engine.NodalStatus)
MetastaticSite = text_choices("MetastaticSite", engine.MetastaticSite)
TumourBurden = text_choices("TumourBurden", engine.TumourBurden)
Progression = text_choices("Progression", engine.Progression)
Imaging = text_choices("Imaging", engine.ImagingResult)
MgmtStatus = text_choices("MgmtStatus", engine.MgmtStatus)
CarcinoidSyndrome = text_choices("CarcinoidSyndrome", engine.CarcinoidSyndrome)
PlannedProcedure = text_choices("PlannedProcedure", engine.PlannedProcedure)
# Option codes of the contract that can appear in a treatment history (short names).
Treatment = text_choices("Treatment", engine.OptionCode)
Outcome = text_choices("Outcome", engine.TreatmentOutcome)
