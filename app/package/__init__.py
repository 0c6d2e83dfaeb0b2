"""The quarterly monitoring package (school → municipality): build, write, encrypt, verify, read, log."""

from __future__ import annotations

from app.package.crypto import generate_keypair
from app.package.format import (EXTENSION, FORMAT_NAME, FORMAT_VERSION, ExportLogRow, PackageContent, PackageInfo,
                                PackageResult, package_name)
from app.package.log import list_exports
from app.package.read import open_package, verify_package
from app.package.write import write_package

__all__ = ["EXTENSION", "FORMAT_NAME", "FORMAT_VERSION", "ExportLogRow", "PackageContent", "PackageInfo",
           "PackageResult", "generate_keypair", "list_exports", "open_package", "package_name", "verify_package",
           "write_package"]
