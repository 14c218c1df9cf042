"""Flask plumbing shared by `site` and `widgets`: the request's database session, the unbound
extensions, counter credentials. Imports neither `site` nor `widgets`."""
