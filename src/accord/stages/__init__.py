"""The pipeline's stages, one module each; each takes a Document and adds a layer."""
