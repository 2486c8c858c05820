"""One module per action, each declaring it once (see `_base.ActionDeclaration`)."""
