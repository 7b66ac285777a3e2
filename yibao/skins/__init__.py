"""The skins over the calculators: the command line, the what-if widgets, tables and charts, the web app server."""
