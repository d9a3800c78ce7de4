"""Write: output files -> the output folder, atomically, one build at a time."""
