"""The guided journey (Welcome → Check → Choose → Prepare → Back up → Change → Check
again → Done): a window with a step list; the flow itself is ``assistant/journey.py``."""
