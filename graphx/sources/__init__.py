"""Source clients: the only modules that touch the network. Each speaks one API in its own terms."""
