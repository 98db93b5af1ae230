from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files; rewrites ES module imports so app.mjs finds GOV.UK Frontend."""

    support_js_module_import_aggregation = True
