"""Encryption of a package to the municipality's key: X25519 (ephemeral) + HKDF-SHA256 + AES-256-GCM.

Envelope layout (all integers big-endian; see docs/package-format.md):
    magic "MDPKGENC" (8) | version 0x01 (1) | key id (8) | ephemeral public key (32) | nonce (12)
    | ciphertext length (8) | ciphertext with the 16-byte GCM tag | SHA-256 of every preceding byte (32)
The 69-byte header (magic … ciphertext length) is the associated data of AES-GCM.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path

from app.errors import PackageError, StorageError

ENVELOPE_MAGIC = b"MDPKGENC"
ENVELOPE_VERSION = 1
HEADER = struct.Struct(">8sB8s32s12sQ")  # 69 bytes
TRAILER = 32
KEY_FORMAT = "mentordesk-key"
HKDF_INFO = b"mentordesk-quarterly-package v1"


@dataclass(frozen=True)
class Envelope:
    """A parsed (not decrypted) envelope."""

    version: int
    key_id: bytes
    ephemeral: bytes
    nonce: bytes
    header: bytes
    ciphertext: bytes


def key_id(public_raw: bytes) -> bytes:
    """The first 8 bytes of SHA-256 of the raw 32-byte public key: tells «wrong key» from damage."""
    return hashlib.sha256(public_raw).digest()[:8]


def _write_key(path: Path, payload: dict) -> None:
    from app.files import write_atomically

    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    write_atomically(Path(path), lambda tmp: tmp.write_text(text, encoding="utf-8"))


def generate_keypair(*, private_path: Path, public_path: Path, label: str) -> str:
    """Write a new X25519 key pair as two JSON key files; returns the key id (hex)."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

    private = X25519PrivateKey.generate()
    raw_private = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    raw_public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    kid = key_id(raw_public).hex()
    common = {"format": KEY_FORMAT, "algorithm": "X25519", "label": label, "key_id": kid}
    _write_key(private_path, {**common, "kind": "private", "key": base64.b64encode(raw_private).decode("ascii")})
    if os.name == "posix":
        os.chmod(private_path, 0o600)
    _write_key(public_path, {**common, "kind": "public", "key": base64.b64encode(raw_public).decode("ascii")})
    return kid


def _read_key(path: Path | None, kind: str, *, text: str | bytes | None = None) -> tuple[bytes, str]:
    """The raw 32 bytes and the label of a JSON key file of ``kind`` (public | private).

    ``text`` (the key file's content, e.g. as kept in the municipality database) is used instead of reading ``path``.
    """
    what = "открытого" if kind == "public" else "закрытого"
    if text is None and path is None:
        raise PackageError(f"Не указан файл {what} ключа")
    shown = path if text is None else "ключ, сохранённый в базе"
    name = Path(path).name if text is None else shown
    try:
        raw_text = Path(path).read_text(encoding="utf-8") if text is None else text
        data = json.loads(raw_text)
    except FileNotFoundError:
        raise StorageError(f"Файл {what} ключа «{shown}» не найден") from None
    except (OSError, UnicodeDecodeError, ValueError):
        raise PackageError(f"Файл «{shown}» не является файлом ключа MentorDesk") from None
    if not isinstance(data, dict) or data.get("format") != KEY_FORMAT or data.get("algorithm") != "X25519":
        raise PackageError(f"Файл «{shown}» не является файлом ключа MentorDesk")
    if data.get("kind") != kind and kind == "public":
        raise PackageError(f"Файл «{name}» — закрытый ключ управления образования: он должен оставаться "
                           "в управлении. Школе нужен открытый ключ (файл .pub)")
    if data.get("kind") != kind:
        raise PackageError(f"Файл «{name}» — не закрытый ключ (нужен файл .key из управления образования)")
    try:
        raw = base64.b64decode(str(data.get("key", "")), validate=True)
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise PackageError(f"Файл ключа «{shown}» повреждён")
    return raw, str(data.get("label", ""))


def load_public_key(path: Path) -> tuple[bytes, str]:
    return _read_key(path, "public")


def encrypt(plain: bytes, *, public_path: Path) -> bytes:
    """Encrypt ``plain`` (the zip) to the public key in ``public_path``; returns the envelope bytes."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    recipient_raw, _label = load_public_key(public_path)
    ephemeral = X25519PrivateKey.generate()
    eph_raw = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    key = _derive(ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_raw)), eph_raw, recipient_raw)
    nonce = os.urandom(12)
    header = HEADER.pack(ENVELOPE_MAGIC, ENVELOPE_VERSION, key_id(recipient_raw), eph_raw, nonce, len(plain) + 16)
    body = header + AESGCM(key).encrypt(nonce, plain, header)
    return body + hashlib.sha256(body).digest()


def _derive(shared: bytes, eph_raw: bytes, recipient_raw: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=eph_raw + recipient_raw, info=HKDF_INFO).derive(shared)


def parse_envelope(blob: bytes) -> Envelope:
    """Check the envelope's structure and trailing hash (possible without the key)."""
    if len(blob) < HEADER.size + 16 + TRAILER or not blob.startswith(ENVELOPE_MAGIC):
        raise PackageError("Зашифрованный пакет обрезан или повреждён")
    magic, version, kid, eph, nonce, length = HEADER.unpack_from(blob)
    if version != ENVELOPE_VERSION:
        raise PackageError(f"Версия шифрования {version} не поддерживается этой версией программы — обновите её")
    if length != len(blob) - HEADER.size - TRAILER or length < 16:
        raise PackageError("Зашифрованный пакет обрезан или повреждён: длина не совпадает с заголовком")
    if hashlib.sha256(blob[:-TRAILER]).digest() != blob[-TRAILER:]:
        raise PackageError("Зашифрованный пакет повреждён: контрольная сумма не совпадает")
    return Envelope(version, kid, eph, nonce, blob[:HEADER.size], blob[HEADER.size:-TRAILER])


def decrypt(envelope: Envelope, *, private_path: Path | None = None, private_key: str | bytes | None = None) -> bytes:
    """The zip inside; PackageError for a key of another recipient or altered content.

    The private key comes from the file ``private_path`` or, as the key file's text, from ``private_key``.
    """
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    private_raw, _label = _read_key(private_path, "private", text=private_key)
    private = X25519PrivateKey.from_private_bytes(private_raw)
    own_raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    if key_id(own_raw) != envelope.key_id:
        raise PackageError("Пакет зашифрован для другого ключа: этим закрытым ключом его не расшифровать")
    key = _derive(private.exchange(X25519PublicKey.from_public_bytes(envelope.ephemeral)), envelope.ephemeral, own_raw)
    try:
        return AESGCM(key).decrypt(envelope.nonce, envelope.ciphertext, envelope.header)
    except InvalidTag:
        raise PackageError("Зашифрованный пакет изменён или повреждён: проверка подлинности не пройдена") from None
