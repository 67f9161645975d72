"""The bundled flow and catalog files the safety rules found nothing in, by the BLAKE2b-256
digest of their bytes: written by ``python -m scripts.verified`` when the package is made (see
:func:`gopay_doctor.contract.loading.Files.safety`). Do not edit by hand."""

VERIFIED = frozenset(
    {
        "0c9c63cf5f2a60452f3071ce30e17e9bcff1b270803ccce530d0b3b1ef85e45b",
        "5d77e613da487e0e9b51820e127bdab90c3060f09978ab301c65222089ef15cc",
        "665da15c283fcc0217843e1cc1951d38c3b93302902046734f328dd84b07af72",
        "ba8e61444b0ea84e079231857f627d3b4c7938eabeb0d277bae896f8cadbd7cb",
        "eee91731f51aba733b8e9bf40d65f57b31a560c4fe0648ee02b21e098164302d",
    }
)
