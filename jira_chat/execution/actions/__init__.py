"""One module per action: its prepare and run (`IMPLEMENTATION`), named as declared."""
