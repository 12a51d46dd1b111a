"""What calls the core: the command line and the browser worker's functions."""
