from .url_manifest import UrlManifestError, register

__all__ = ["UrlManifestError", "register"]
