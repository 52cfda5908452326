"""The community part of the REST API: projects and the titles people hold in them."""
