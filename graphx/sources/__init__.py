"""Source clients: the only modules that touch the network. Each speaks one API in its own terms, in the one
shape of `graphx.sources.base.Source`; `graphx.sources.registry` holds them in trust order."""
