"""The bundled flow and catalog files the safety rules found nothing in, by the SHA-256 of
their bytes: written by ``python -m scripts.verified`` when the package is made (see
:func:`gopay_doctor.contract.loading.Files.safety`). Do not edit by hand."""

VERIFIED = frozenset(
    {
        "6a439f924b39dab30fcfbb573a28d16240fb7df5e43d75fe4dc8f72f198de55e",
        "7fb8933f719bdbf069256c5f2c79bae72ff84eb9e83500dc994541db5c11bafe",
        "8f2323635dad9b1f238edcc7d016ab6a45b07be69eec57699ad65b4f44797415",
        "aaf82efaf82b57c834b3e12844e4e01233bd213b9a43de0d06e02b7f9a6b80a5",
        "f26f6e097705274ef4e64f9bb191cf57accb8495fc044f41a9355d733a4791da",
    }
)
